"""Shared steps for the browser tests."""

from axe_playwright_python.sync_playwright import Axe

WIDTHS = {"phone": 390, "desktop": 1280}
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa",
                                          "best-practice"]},
    "resultTypes": ["violations"],
}


def no_violations(page):
    result = Axe().run(page, options=AXE_OPTIONS)
    assert result.violations_count == 0, f"{page.url}: {result.generate_report()}"


def submit(page, selector="main form button[type=submit]"):
    with page.expect_navigation():
        page.click(selector)


def log_in(page, site, handle, password="solidarity-demo"):
    page.goto(site.url("/accounts/login/"))
    page.fill("#id_handle", handle)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("main button[type=submit]")
