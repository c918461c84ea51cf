from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from solidarity.privacy.models import ThrottleBucket
from solidarity.testing import PASSWORD, CommunityTestCase, make_user


class LoginTests(CommunityTestCase):
    url = reverse("accounts:login")

    def test_it_logs_in_with_handle_and_password(self):
        r = self.client.post(self.url, {"handle": "MATEO", "password": PASSWORD})
        self.assertRedirects(r, "/")
        self.assertEqual(int(self.client.session["_auth_user_id"]), self.member.pk)

    def test_it_refuses_a_wrong_password_with_a_clear_message(self):
        r = self.client.post(self.url, {"handle": "mateo", "password": "wrong"})
        self.assertEqual(r.status_code, 400)
        self.assertContains(r, "That name and password do not match.", status_code=400)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_it_translates_the_message(self):
        r = self.client.post(self.url, {"handle": "mateo", "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="es")
        self.assertContains(r, "El nombre y la contraseña no coinciden.", status_code=400)

    def test_it_follows_a_safe_next_and_ignores_another_host(self):
        r = self.client.post(self.url, {"handle": "mateo", "password": PASSWORD, "next": "/c/riverside/"})
        self.assertRedirects(r, "/c/riverside/")
        self.client.logout()
        r = self.client.post(self.url, {"handle": "mateo", "password": PASSWORD, "next": "https://evil.example/"})
        self.assertRedirects(r, "/")

    @override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"])
    def test_passwords_are_hashed_with_argon2id(self):
        user = make_user("hashy")
        self.assertTrue(user.password.startswith("argon2$argon2id$"))

    def test_logout_needs_a_post(self):
        self.client.force_login(self.member)
        self.assertEqual(self.client.get(reverse("accounts:logout")).status_code, 405)
        self.client.post(reverse("accounts:logout"))
        self.assertNotIn("_auth_user_id", self.client.session)


@override_settings(LOGIN_FAILURES_PER_ACCOUNT=3, LOGIN_FAILURES_PER_CLIENT=5)
class ThrottleTests(CommunityTestCase):
    url = reverse("accounts:login")

    def fail(self, handle="mateo", address="198.51.100.7"):
        return self.client.post(self.url, {"handle": handle, "password": "nope"}, REMOTE_ADDR=address)

    def test_it_blocks_an_account_after_repeated_failures_from_any_client(self):
        for i in range(3):
            self.fail(address=f"198.51.100.{i}")
        r = self.client.post(self.url, {"handle": "mateo", "password": PASSWORD}, REMOTE_ADDR="192.0.2.99")
        self.assertContains(r, "Too many attempts", status_code=400)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_it_blocks_a_client_that_tries_many_accounts(self):
        for i in range(5):
            self.fail(handle=f"guess{i}")
        r = self.client.post(self.url, {"handle": "olga", "password": PASSWORD}, REMOTE_ADDR="198.51.100.7")
        self.assertContains(r, "Too many attempts", status_code=400)
        r = self.client.post(self.url, {"handle": "olga", "password": PASSWORD}, REMOTE_ADDR="198.51.100.8")
        self.assertEqual(r.status_code, 302)

    def test_it_keys_counters_by_hashes_not_by_address_or_handle(self):
        self.fail()
        keys = list(ThrottleBucket.objects.values_list("key", flat=True))
        self.assertEqual(len(keys), 2)
        for key in keys:
            self.assertNotIn("198.51.100.7", key)
            self.assertNotIn("mateo", key)
            self.assertRegex(key, r"^login:[0-9a-f]{64}$")

    def test_a_successful_login_clears_the_account_counter(self):
        self.fail()
        self.fail()
        self.client.post(self.url, {"handle": "mateo", "password": PASSWORD}, REMOTE_ADDR="198.51.100.7")
        self.client.logout()
        self.fail()
        self.fail()
        r = self.client.post(self.url, {"handle": "mateo", "password": PASSWORD}, REMOTE_ADDR="198.51.100.7")
        self.assertEqual(r.status_code, 302)


@override_settings(LOGIN_FAILURES_PER_ACCOUNT=3, LOGIN_FAILURES_PER_CLIENT=5, LOGIN_THROTTLE_MINUTES=15)
class BackoffTests(CommunityTestCase):
    """Failures hold back by a wait that doubles, never a fixed lock-out; and a person whose account is
    under attack still gets in with their password and a two-factor code."""

    url = reverse("accounts:login")

    def post(self, handle, password, address, **extra):
        return self.client.post(self.url, {"handle": handle, "password": password, **extra}, REMOTE_ADDR=address)

    def test_everyone_behind_one_address_waits_seconds_not_a_quarter_hour(self):
        import time_machine

        start = timezone.now()
        with time_machine.travel(start, tick=False) as clock:
            for i in range(5):  # one person behind a shared address mistypes five accounts' passwords
                self.post(f"guess{i}", "nope", "198.51.100.7")
            r = self.post("olga", PASSWORD, "198.51.100.7")
            self.assertContains(r, "wait 1 second", status_code=400)
            clock.shift(2)
            self.assertEqual(self.post("olga", PASSWORD, "198.51.100.7").status_code, 302)
            self.client.logout()
            # Each further failure doubles the wait: 2, 4, 8 seconds ...
            for expected in (2, 4, 8):
                clock.shift(60)
                self.post("guess", "nope", "198.51.100.7")
                self.assertContains(self.post("olga", PASSWORD, "198.51.100.7"), f"wait {expected} seconds",
                                    status_code=400)

    def test_the_wait_never_passes_the_throttle_window(self):
        import time_machine

        from solidarity.privacy import throttle

        keys = {"client": throttle.client_key("198.51.100.7"), "account": throttle.account_key("mateo")}
        with time_machine.travel(timezone.now(), tick=False) as clock:
            for _ in range(20):  # a guesser who always waits out the wait (tries during it are not checked)
                clock.shift(throttle.wait_seconds(**keys) + 1)
                self.post("mateo", "nope", "198.51.100.7")
            self.assertContains(self.post("mateo", PASSWORD, "198.51.100.9"), "wait 15 minutes", status_code=400)
            clock.shift(15 * 60 + 1)
            self.assertEqual(self.post("mateo", PASSWORD, "198.51.100.9").status_code, 302)

    def test_a_correct_password_with_a_valid_code_gets_through_an_account_under_attack(self):
        from datetime import timedelta

        import time_machine
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from solidarity.accounts.tests.test_two_factor import code_for

        device = TOTPDevice.objects.create(user=self.organizer, name="phone", confirmed=True)
        for i in range(6):
            self.post("olga", "nope", f"203.0.113.{i}")
        r = self.post("olga", PASSWORD, "192.0.2.1")
        self.assertContains(r, "enter its code with your password", status_code=400)
        self.assertContains(r, 'name="code"', status_code=400)
        r = self.post("olga", "wrong", "192.0.2.1", code=code_for(device))
        self.assertContains(r, "Too many attempts", status_code=400)
        r = self.post("olga", PASSWORD, "192.0.2.1", code="000000" if code_for(device) != "000000" else "111111")
        self.assertContains(r, "Too many attempts", status_code=400)
        self.assertNotIn("_auth_user_id", self.client.session)
        with time_machine.travel(timezone.now() + timedelta(seconds=3)):  # past the device's own throttle
            r = self.post("olga", PASSWORD, "192.0.2.1", code=code_for(device))
        self.assertEqual(r.status_code, 302)
        self.assertEqual(int(self.client.session["_auth_user_id"]), self.organizer.pk)


class LastLoginTests(CommunityTestCase):
    def test_only_the_day_of_the_last_login_is_kept(self):
        self.client.post(reverse("accounts:login"), {"handle": "mateo", "password": PASSWORD})
        self.member.refresh_from_db()
        local = timezone.localtime(self.member.last_login)
        self.assertEqual(local.date(), timezone.localdate())
        self.assertEqual((local.hour, local.minute, local.second, local.microsecond), (0, 0, 0, 0))
