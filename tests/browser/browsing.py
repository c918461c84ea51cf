"""Shared steps for the browser tests."""

WIDTHS = {"phone": 390, "desktop": 1280}


def log_in(page, site, handle, password="solidarity-demo"):
    page.goto(site.url("/accounts/login/"))
    page.fill("#id_handle", handle)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("main button[type=submit]")
