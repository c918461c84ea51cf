import re
import time

from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from solidarity.testing import PASSWORD, CommunityTestCase


def code_for(device, offset=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


class EnrolmentTests(CommunityTestCase):
    setup_url = reverse("accounts:two_factor_setup")

    def enrol(self, user):
        self.client.force_login(user)
        page = self.client.get(self.setup_url)
        device = TOTPDevice.objects.get(user=user, confirmed=False)
        return page, device

    def test_organizers_must_enrol_before_anything_else(self):
        self.client.force_login(self.organizer)
        r = self.client.get(reverse("communities:members", args=["riverside"]))
        self.assertRedirects(r, self.setup_url + "?required=1")

    def test_members_are_not_forced(self):
        self.client.force_login(self.member)
        self.assertEqual(self.client.get("/").status_code, 200)

    @override_settings(DEMO_MODE=True)
    def test_demo_mode_does_not_force_demo_accounts(self):
        self.organizer.is_demo = True
        self.organizer.save()
        self.client.force_login(self.organizer)
        self.assertEqual(self.client.get(reverse("communities:members", args=["riverside"])).status_code, 200)

    @override_settings(DEMO_MODE=True)
    def test_demo_mode_still_forces_real_organizers(self):
        self.client.force_login(self.organizer)
        r = self.client.get(reverse("communities:members", args=["riverside"]))
        self.assertEqual(r.status_code, 302)

    def test_enrolment_shows_a_local_qr_code_and_the_key(self):
        page, device = self.enrol(self.organizer)
        self.assertContains(page, "<svg")
        secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page.content.decode()).group(1)
        self.assertGreaterEqual(len(secret.replace(" ", "")), 32)
        self.assertNotContains(page, "http")  # nothing fetched from elsewhere to draw the code

    def test_a_right_code_turns_it_on_and_gives_recovery_codes(self):
        _, device = self.enrol(self.organizer)
        r = self.client.post(self.setup_url, {"code": code_for(device)})
        self.assertContains(r, "Your recovery codes")
        self.assertEqual(len(re.findall(r"<li><code>[0-9a-f]{16}</code></li>", r.content.decode())), 10)
        device.refresh_from_db()
        self.assertTrue(device.confirmed)
        self.assertEqual(self.client.get(reverse("communities:members", args=["riverside"])).status_code, 200)

    def test_a_wrong_code_is_explained(self):
        _, device = self.enrol(self.organizer)
        wrong = f"{(int(code_for(device)) + 1) % 1000000:06d}"
        r = self.client.post(self.setup_url, {"code": wrong})
        self.assertContains(r, "That code is not right", status_code=400)
        device.refresh_from_db()
        self.assertFalse(device.confirmed)

    def test_a_password_alone_cannot_replace_a_confirmed_authenticator(self):
        _, device = self.enrol(self.organizer)
        self.client.post(self.setup_url, {"code": code_for(device)})
        other = self.client_class()
        other.force_login(self.organizer)
        r = other.get(self.setup_url)
        self.assertRedirects(r, reverse("accounts:login"))
        self.assertEqual(TOTPDevice.objects.filter(user=self.organizer).count(), 1)


class LoginWithCodeTests(CommunityTestCase):
    def setUp(self):
        self.device = TOTPDevice.objects.create(user=self.organizer, name="phone", confirmed=True)
        self.client.post(reverse("accounts:login"), {"handle": "olga", "password": PASSWORD})

    def test_the_password_alone_does_not_log_in(self):
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertEqual(self.client.get(reverse("accounts:login_code")).status_code, 200)

    def test_a_right_code_logs_in_verified(self):
        r = self.client.post(reverse("accounts:login_code"), {"code": code_for(self.device)})
        self.assertRedirects(r, "/")
        self.assertEqual(self.client.get(reverse("communities:members", args=["riverside"])).status_code, 200)

    def test_a_reused_code_is_refused(self):
        code = code_for(self.device)
        self.client.post(reverse("accounts:login_code"), {"code": code})
        self.client.post(reverse("accounts:logout"))
        self.client.post(reverse("accounts:login"), {"handle": "olga", "password": PASSWORD})
        r = self.client.post(reverse("accounts:login_code"), {"code": code})
        self.assertContains(r, "used already", status_code=400)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_a_recovery_code_works_once(self):
        from solidarity.accounts.two_factor import new_recovery_codes

        codes = new_recovery_codes(self.organizer)
        r = self.client.post(reverse("accounts:login_code"), {"code": codes[0]})
        self.assertRedirects(r, "/")
        self.assertEqual(StaticToken.objects.filter(device__user=self.organizer).count(), 9)
        self.client.post(reverse("accounts:logout"))
        self.client.post(reverse("accounts:login"), {"handle": "olga", "password": PASSWORD})
        r = self.client.post(reverse("accounts:login_code"), {"code": codes[0]})
        self.assertEqual(r.status_code, 400)

    def test_the_code_step_is_throttled_too(self):
        with self.settings(LOGIN_FAILURES_PER_ACCOUNT=2):
            for _ in range(2):
                self.client.post(reverse("accounts:login_code"), {"code": "000000"})
            r = self.client.post(reverse("accounts:login_code"), {"code": code_for(self.device)})
        self.assertEqual(r.status_code, 400)
        self.assertNotIn("_auth_user_id", self.client.session)
