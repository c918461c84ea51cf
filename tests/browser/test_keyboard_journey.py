"""A newcomer, using only the keyboard and with JavaScript off, joins by invitation, is made to
turn on two-step login (the invitation makes them an organizer), logs in again with a recovery code
and switches the site to Spanish."""

import base64

from django_otp.oath import totp

from browsing import WIDTHS

HANDLE = "keyboard-kim"
PASSWORD = "a quiet evening walk"


def tab_to(page, selector, limit=80):
    """Press Tab until the focused element matches selector, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.locator(f"{selector}:focus").count():  # a CSS query: works with JavaScript off
            return
    raise AssertionError(f"Tab never reached {selector} on {page.url}")


def activate(page, selector):
    tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def type_into(page, selector, text):
    tab_to(page, selector)
    page.keyboard.type(text)


def test_join_enrol_log_in_and_switch_language_by_keyboard_without_javascript(browser, site):
    link = site.cli("invite", "eastside", "--role", "organizer", "--base-url", site.base_url).strip()
    context = browser.new_context(java_script_enabled=False, viewport={"width": WIDTHS["phone"], "height": 800})
    page = context.new_page()

    # Join: make an account with no email.
    page.goto(link)
    type_into(page, "#id_handle", HANDLE)
    type_into(page, "#id_new_password", PASSWORD)
    type_into(page, "#id_new_password_again", PASSWORD)
    activate(page, "main button[type=submit]")

    # An organizer must turn on two-step login before anything else.
    assert "/accounts/two-factor/setup/" in page.url
    secret = page.inner_text("#totp-secret").replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    type_into(page, "#id_code", f"{totp(key):06d}")
    activate(page, "main button[type=submit]")
    assert "recovery codes" in page.inner_text("h1").lower()
    codes = page.locator(".codes code").all_inner_texts()
    assert len(codes) == 10
    activate(page, "main a.button")

    # Log out, then log in again with a recovery code.
    activate(page, "header button[type=submit]")
    activate(page, "header a[href='/accounts/login/']")
    type_into(page, "#id_handle", HANDLE)
    type_into(page, "#id_password", PASSWORD)
    activate(page, "main button[type=submit]")
    assert "/accounts/login/code/" in page.url
    type_into(page, "#id_code", codes[0])
    activate(page, "main button[type=submit]")
    assert page.locator("header").inner_text().count(HANDLE) == 1

    # The organizer pages are open now.
    activate(page, "main a[href='/c/eastside/']")
    activate(page, "main a[href='/c/eastside/invitations/']")
    assert page.inner_text("h1") == "Invitations"

    # Switch language with the footer form.
    tab_to(page, "#language-select")
    page.keyboard.press("ArrowDown")
    activate(page, ".language-form button")
    assert page.get_attribute("html", "lang") == "es"
    assert page.inner_text("h1") == "Invitaciones"
    assert "Cerrar sesión" in page.inner_text("header")
    context.close()
