"""Participatory budgeting in a real browser: a voter from an invitation code to a counted ballot, and an
organizer from creating a process to publishing its results."""

import re

from browsing import WIDTHS, log_in, no_violations, submit


def test_a_voter_goes_from_an_invitation_code_to_a_counted_ballot(browser, site):
    link = site.cli("invite", "eastside", "--base-url", site.base_url).strip()
    page = browser.new_context(viewport={"width": WIDTHS["phone"], "height": 900}).new_page()
    page.goto(link)
    page.fill("#id_handle", "voter-vi")
    page.fill("#id_new_password", "a sunny walk to vote")
    page.fill("#id_new_password_again", "a sunny walk to vote")
    submit(page)
    page.goto(site.url("/c/eastside/pb/safety-budget-2027/"))
    with page.expect_navigation():
        page.click("main a.button >> text=Vote")
    no_violations(page)
    assert page.locator("#meter").is_visible()  # the live meter, with JavaScript on
    page.check("label:has-text('H1') input")
    page.check("label:has-text('F1') input")
    assert "Chosen: " in page.inner_text("#meter")
    submit(page, "#ballot button[type=submit]")
    receipt = page.inner_text("#receipt-code").strip()
    assert re.fullmatch(r"[A-Z0-9]{12}", receipt)
    no_violations(page)
    page.goto(site.url(f"/c/eastside/pb/safety-budget-2027/receipt/?receipt={receipt}"))
    assert "is in the count" in page.inner_text("main")


def test_an_organizer_creates_a_process_and_publishes_results(browser, site):
    page = browser.new_context(viewport={"width": WIDTHS["desktop"], "height": 900}).new_page()
    log_in(page, site, "demo-organizer")
    page.goto(site.url("/c/eastside/pb/new/"))
    no_violations(page)
    page.fill("#id_title", "Winter warmth fund")
    page.fill("#id_slug", "winter")
    page.check("input[name=eligibility][value=both]")
    page.check("input[name=ballot_type][value=approval]")
    page.check("input[name=rule][value=equal-shares]")
    submit(page)
    assert page.url.endswith("/pb/winter/manage/")
    page.fill("#id_budget-name", "Whole area")
    page.fill("#id_budget-amount", "1000")
    submit(page, "form:has(input[value=budget]) button")
    for code, title, cost in (("W1", "Coats", "600"), ("W2", "Heaters", "500"), ("W3", "Blankets", "300")):
        page.goto(site.url("/c/eastside/pb/winter/projects/new/"))
        page.fill("#id_code", code)
        page.fill("#id_title", title)
        page.fill("#id_cost", cost)
        submit(page)
    page.select_option("#phase-select", "voting")
    submit(page, "form:has(input[value=phase]) button")
    assert "The ballot and the counting rule are fixed." in page.inner_text("main")
    # Three voters with printed codes.
    page.goto(site.url("/c/eastside/pb/winter/codes/"))
    page.fill("#id_count", "3")
    submit(page)
    codes = page.locator(".code-cards .code").all_inner_texts()
    no_violations(page)
    voter = browser.new_context(java_script_enabled=False).new_page()
    for code, choice in zip(codes, ("W1", "W1", "W3")):
        voter.context.clear_cookies()
        voter.goto(site.url("/c/eastside/pb/winter/vote/code/"))
        voter.fill("#id_code", code)
        submit(voter)
        voter.check(f"label:has-text('{choice}') input")
        submit(voter, "#ballot button[type=submit]")
        assert voter.locator("#receipt-code").is_visible()
    page.goto(site.url("/c/eastside/pb/winter/manage/"))
    submit(page, "form:has(input[value=count]) button")
    assert "/results/" in page.url
    submit(page, "form:has(input[value=publish]) button")
    public = browser.new_context(viewport={"width": WIDTHS["phone"], "height": 900}).new_page()
    public.goto(site.url("/c/eastside/pb/winter/results/"))
    text = public.inner_text("main")
    assert "W1: Coats" in text and "3 ballots, counted with the Method of Equal Shares" in text
    no_violations(public)
