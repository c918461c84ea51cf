"""Every page the demo reaches, anonymous and logged in, at phone and desktop widths: 0 axe violations
(WCAG 2.2 A and AA), no request to another host and nothing blocked by the Content-Security-Policy."""

import json
from collections import deque
from pathlib import Path
from urllib.parse import urldefrag, urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe

from browsing import AXE_OPTIONS, WIDTHS, log_in
SKIP = ("/static/",)
DOWNLOADS = (".json", ".csv", ".pb")
REPORT = Path(__file__).resolve().parents[2] / "var" / "axe-report.json"  # kept after the run, for the record


def crawl(page, site, start="/", limit=60):
    """Same-host pages reachable by links from start (GET only: nothing is changed)."""
    seen, queue, pages = set(), deque([start]), []
    while queue and len(pages) < limit:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = page.goto(site.url(path))
        if response is None or response.status >= 400 and response.status != 404:
            continue
        pages.append(path)
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            url = urlparse(urldefrag(href)[0])
            if (url.netloc == urlparse(site.base_url).netloc and not url.path.startswith(SKIP)
                    and not url.path.endswith(DOWNLOADS)):
                queue.append(url.path + (f"?{url.query}" if url.query else ""))
    return pages


def scan(browser, site, persona, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    foreign = []
    host = urlparse(site.base_url).netloc
    page.on("request", lambda request: foreign.append(request.url)
            if urlparse(request.url).netloc not in (host, "") and not request.url.startswith("data:") else None)
    # Anything the Content-Security-Policy blocked on our own pages (axe itself runs outside it).
    page.on("console", lambda message: foreign.append(f"CSP: {message.text}")
            if "Content Security Policy" in message.text else None)
    if persona != "anonymous":
        log_in(page, site, persona)
    pages = crawl(page, site)
    if persona == "anonymous":
        pages.append("/no-such-page/")
    axe = Axe()
    violations = {}
    for path in pages:
        page.goto(site.url(path))
        result = axe.run(page, options=AXE_OPTIONS)
        if result.violations_count:
            violations[path] = [
                {"rule": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
                for v in result.response["violations"]
            ]
    context.close()
    return pages, violations, foreign


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("persona", ["anonymous", "demo-member", "demo-organizer"])
def test_every_reachable_page_passes_axe_and_stays_on_this_host(browser, site, persona, width):
    pages, violations, foreign = scan(browser, site, persona, width)
    assert len(pages) >= 3
    report = json.loads(REPORT.read_text()) if REPORT.exists() else {}
    report[f"{persona}@{width}"] = {"pages": pages, "violations": violations}
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(report, indent=1))
    print(f"\naxe {persona} at {width}px: {len(pages)} pages, {sum(map(len, violations.values()))} violations")
    assert violations == {}
    assert foreign == []


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_form_errors_pass_axe(browser, site, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    log_in(page, site, "demo-member", password="wrong password")
    assert page.locator(".error-summary").is_visible()
    result = Axe().run(page, options=AXE_OPTIONS)
    context.close()
    assert result.violations_count == 0, result.generate_report()


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_pages_shown_after_a_form_pass_axe(browser, site, width):
    """Pages that only a post reaches: a new invitation, a password link, new recovery codes."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    log_in(page, site, "demo-organizer")
    checked = {}
    page.goto(site.url("/c/eastside/invitations/"))
    page.fill("#id_label", "axe check")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    checked["new invitation"] = Axe().run(page, options=AXE_OPTIONS)
    page.goto(site.url("/c/eastside/members/"))
    with page.expect_navigation():
        page.click("main form:has(input[value=reset]) button >> nth=0")
    checked["password link"] = Axe().run(page, options=AXE_OPTIONS)
    for name, result in checked.items():
        assert result.violations_count == 0, f"{name}: {result.generate_report()}"
    context.close()


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_spanish_pages_pass_axe(browser, site, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="es-ES")
    page = context.new_page()
    page.goto(site.url("/"))
    assert page.get_attribute("html", "lang") == "es"  # from the browser's language
    log_in(page, site, "amara")  # an organizer whose saved language no other test relies on
    page.select_option("#language-select", "es")
    with page.expect_navigation():
        page.click(".language-form button")
    assert page.get_attribute("html", "lang") == "es"
    pages = crawl(page, site)
    for path in pages:
        page.goto(site.url(path))
        result = Axe().run(page, options=AXE_OPTIONS)
        assert result.violations_count == 0, f"{path}: {result.generate_report()}"
    context.close()
