"""An admin switches a part of the site off and on again, by keyboard, with no JavaScript needed."""

from axe_playwright_python.sync_playwright import Axe

from browsing import AXE_OPTIONS, WIDTHS, log_in


def test_the_switches_page_passes_axe(browser, site):
    for width in WIDTHS.values():
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        log_in(page, site, "demo-admin")
        page.goto(site.url("/c/eastside/capabilities/"))
        result = Axe().run(page, options=AXE_OPTIONS)
        context.close()
        assert result.violations_count == 0, result.generate_report()


def test_an_admin_switches_budgeting_off_and_on_by_keyboard_without_javascript(browser, site):
    context = browser.new_context(viewport={"width": WIDTHS["phone"], "height": 900},
                                  java_script_enabled=False)
    page = context.new_page()
    log_in(page, site, "demo-admin")
    page.goto(site.url("/c/eastside/capabilities/"))
    page.focus("input[value=budgeting]")
    page.keyboard.press("Space")  # untick
    page.focus("main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.goto(site.url("/c/eastside/"))
    assert page.locator("nav.community-nav a[href='/c/eastside/pb/']").count() == 0
    assert page.goto(site.url("/c/eastside/pb/")).status == 404
    page.goto(site.url("/c/eastside/capabilities/"))
    page.check("input[value=budgeting]")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.goto(site.url("/c/eastside/pb/")).status == 200
    context.close()
