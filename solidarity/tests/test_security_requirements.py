"""Small checks of the security requirements (../shared/security-requirements.md) that have no better
home: each names its SR."""

from django.conf import settings
from django.contrib.auth.hashers import identify_hasher, make_password
from django.test import TestCase

from solidarity.testing import PASSWORD, CommunityTestCase


class SettingsTests(TestCase):
    def test_sr13_no_log_handler_mails_anyone(self):
        handlers = settings.LOGGING.get("handlers", {}) if hasattr(settings, "LOGGING") else {}
        self.assertFalse([name for name, h in handlers.items() if "AdminEmailHandler" in h.get("class", "")])
        self.assertFalse(getattr(settings, "ADMINS", []))

    def test_sr14_argon2id_with_at_least_owasp_parameters(self):
        from django.contrib.auth.hashers import Argon2PasswordHasher
        encoded = Argon2PasswordHasher().encode("x", Argon2PasswordHasher().salt())
        self.assertTrue(encoded.startswith("argon2$argon2id$"))
        params = Argon2PasswordHasher().decode(encoded)
        self.assertGreaterEqual(params["memory_cost"], 19 * 1024)  # KiB
        self.assertGreaterEqual(params["time_cost"], 2)
        with self.settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"]):
            self.assertEqual(identify_hasher(make_password("x")).algorithm, "argon2")


class RedirectTests(CommunityTestCase):
    def test_sr29_a_next_to_another_host_goes_home(self):
        for target in ("//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"):
            with self.subTest(target=target):
                r = self.client.post(f"/accounts/login/?next={target}", {"handle": self.member.handle,
                                                                           "password": PASSWORD})
                self.assertEqual(r.status_code, 302)
                self.assertEqual(r["Location"], "/")
                self.client.logout()
