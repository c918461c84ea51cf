"""Mutual aid in a real browser: a resident with no account, a coordinator, a volunteer, the public fund.
Also: a canary in a request never reaches the SQLite files or the server's log in plaintext."""

import re
from pathlib import Path

from browsing import WIDTHS, log_in, no_violations, submit

CANARY = "canary-aid-9b2c"


def test_resident_coordinator_volunteer_and_fund(browser, site):
    # A resident asks for help with no account, keyboard and phone width.
    resident = browser.new_context(viewport={"width": WIDTHS["phone"], "height": 900}).new_page()
    resident.goto(site.url("/c/eastside/aid/ask/"))
    no_violations(resident)
    resident.check("input[name=category][value=food]")
    resident.check("input[name=urgency][value=today]")
    resident.fill("#id_description", f"Groceries for my kids {CANARY}")
    resident.fill("#id_cross_streets", "Oak and 7th")
    resident.fill("#id_contact_name", "Marisol")
    resident.fill("#id_contact", "555-0166")
    resident.check("input[name=languages][value=es]")
    submit(resident)
    code = resident.inner_text("#status-code").strip()
    assert re.fullmatch(r"[A-Z0-9]{10}", code)
    no_violations(resident)

    # ...and checks the status by code.
    resident.goto(site.url("/c/eastside/aid/status/"))
    resident.fill("#id_code", code.lower())
    submit(resident)
    assert resident.inner_text("#request-status") == "New"

    # A coordinator triages it and matches it with demo-member's offer.
    coordinator = browser.new_context(viewport={"width": WIDTHS["desktop"], "height": 900}).new_page()
    log_in(coordinator, site, "demo-organizer")
    coordinator.goto(site.url("/c/eastside/aid/queue/"))
    no_violations(coordinator)
    row = coordinator.locator("tbody tr", has_text="Food").filter(has_text="New").first
    public_id = row.locator("th a").inner_text()
    with coordinator.expect_navigation():
        row.locator("th a").click()
    assert "555-0166" in coordinator.inner_text("main")  # coordinators see contact
    coordinator.select_option("#id_urgency", "today")
    submit(coordinator, "form:has(input[value=triage]) button")
    assert "Triaged" in coordinator.inner_text("main")
    no_violations(coordinator)
    submit(coordinator, "form:has(input[name=offer]) button >> text=Rides and grocery runs")
    assert "Matched with Rides and grocery runs" in coordinator.inner_text("main")

    # The volunteer sees contact details only for their own match.
    volunteer = browser.new_context(viewport={"width": WIDTHS["phone"], "height": 900}).new_page()
    log_in(volunteer, site, "demo-member")
    volunteer.goto(site.url("/c/eastside/aid/mine/"))
    assert "555-0166" not in volunteer.content()
    with volunteer.expect_navigation():
        volunteer.click(f"text=Request {public_id}")
    assert volunteer.inner_text("#contact") == "555-0166"
    no_violations(volunteer)

    # The resident's status page now says a match was made.
    resident.goto(site.url(f"/c/eastside/aid/status/{code}/"))
    assert resident.inner_text("#request-status") == "Matched"

    # The public fund page shows totals and no names.
    public = browser.new_context(viewport={"width": WIDTHS["phone"], "height": 900}).new_page()
    public.goto(site.url("/c/eastside/aid/fund/"))
    text = public.inner_text("main")
    assert "donated" in text and "Block party collection" not in text and "Tenants union" not in text
    no_violations(public)

    # The canary never lands in plaintext in the database files or the server's log.
    data_dir = Path(site.env["DATA_DIR"])
    for path in data_dir.glob("solidarity.sqlite3*"):
        assert CANARY.encode() not in path.read_bytes(), path
    assert CANARY not in site.log()
