from django.test import TestCase, override_settings

from solidarity.testing import CommunityTestCase


class SecurityHeaderTests(TestCase):
    def test_every_page_sends_the_security_headers(self):
        for url in ("/", "/accounts/login/", "/no-such-page/"):
            with self.subTest(url=url):
                r = self.client.get(url)
                csp = r["Content-Security-Policy"]
                self.assertIn("default-src 'none'", csp)
                self.assertNotIn("data:", csp)
                self.assertIn("script-src 'self'", csp)
                self.assertIn("style-src 'self'", csp)
                self.assertNotIn("unsafe-inline", csp)
                self.assertIn("frame-ancestors 'none'", csp)
                self.assertEqual(r["X-Frame-Options"], "DENY")
                self.assertEqual(r["Referrer-Policy"], "no-referrer")
                self.assertEqual(r["X-Content-Type-Options"], "nosniff")
                self.assertEqual(r["Cross-Origin-Opener-Policy"], "same-origin")
                self.assertIn("geolocation=()", r["Permissions-Policy"])

    def test_pages_have_no_inline_script_or_style(self):
        body = self.client.get("/accounts/login/").content.decode()
        self.assertNotIn("<script", body)
        self.assertNotIn("style=", body)
        self.assertNotIn("<style", body)


@override_settings(SESSION_COOKIE_NAME="__Host-session", SESSION_COOKIE_SECURE=True,
                   CSRF_COOKIE_NAME="__Host-csrftoken", CSRF_COOKIE_SECURE=True)
class ProductionCookieTests(CommunityTestCase):
    def test_cookies_are_host_only_and_secure(self):
        r = self.client.get("/accounts/login/", secure=True)
        cookie = r.cookies["__Host-csrftoken"]
        self.assertTrue(cookie["secure"])
        self.assertEqual(cookie["path"], "/")
        self.assertEqual(cookie["domain"], "")
        r = self.client.post("/accounts/login/", {"handle": "mateo", "password": "a long test password"},
                             secure=True)
        self.assertTrue(r.cookies["__Host-session"]["secure"])
        self.assertTrue(r.cookies["__Host-session"]["httponly"])


class CsrfWithoutReferrerTests(CommunityTestCase):
    """Under no-referrer, browsers post with `Origin: null`; Sec-Fetch-Site and the token decide."""

    def post(self, **headers):
        client = self.client_class(enforce_csrf_checks=True)
        client.get("/accounts/login/", secure=True)
        token = client.cookies["csrftoken"].value
        return client.post("/accounts/login/", {"handle": "mateo", "password": "a long test password",
                                                "csrfmiddlewaretoken": token}, secure=True, **headers)

    def test_a_same_origin_post_with_a_null_origin_and_no_referer_is_accepted(self):
        self.assertEqual(self.post(HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="same-origin").status_code, 302)

    def test_a_cross_site_post_is_refused_even_with_a_token(self):
        self.assertEqual(self.post(HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="cross-site").status_code, 403)
        self.assertEqual(self.post(HTTP_ORIGIN="https://evil.example").status_code, 403)

    def test_a_post_without_the_token_is_refused(self):
        client = self.client_class(enforce_csrf_checks=True)
        r = client.post("/accounts/login/", {"handle": "mateo", "password": "x"}, secure=True,
                        HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="same-origin")
        self.assertEqual(r.status_code, 403)


class NoStoreTests(CommunityTestCase):
    """Pages for a signed-in person and every download are never cached (issue: none of these sent it)."""

    PERSONAL = ("/c/riverside/aid/queue/", "/c/riverside/aid/offers/", "/c/riverside/aid/fund/ledger/",
                "/c/riverside/aid/fund/ledger.csv", "/c/riverside/audit/", "/c/riverside/members/",
                "/accounts/profile/", "/c/riverside/")

    def test_every_page_for_a_signed_in_person_says_no_store(self):
        self.login(self.organizer)
        for url in self.PERSONAL:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response["Cache-Control"], "no-store")

    def test_public_pages_for_anonymous_visitors_may_be_cached_and_downloads_never(self):
        from django.contrib.auth.models import AnonymousUser
        from django.http import HttpResponse
        from django.test import RequestFactory

        from solidarity.privacy.middleware import no_store_personal_pages

        self.assertNotIn("no-store", self.client.get("/c/riverside/aid/").get("Cache-Control", ""))
        request = RequestFactory().get("/anything.csv")
        request.user = AnonymousUser()
        download = HttpResponse("a,b", headers={"Content-Disposition": 'attachment; filename="x.csv"'})
        self.assertEqual(no_store_personal_pages(lambda _r: download)(request)["Cache-Control"], "no-store")
        page = no_store_personal_pages(lambda _r: HttpResponse("hello"))(request)
        self.assertNotIn("no-store", page.get("Cache-Control", ""))
        self.login(self.member)
        self.assertEqual(self.client.get("/accounts/my-data.json").get("Cache-Control"), "no-store")
