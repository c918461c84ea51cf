"""Sessions end on the server (SR-21), sensitive steps ask for the password again (SR-20), and the password
policy (SR-15)."""

from datetime import timedelta

import time_machine
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from solidarity.communities.models import Invitation, Purpose, Role
from solidarity.testing import PASSWORD, CommunityTestCase


class SessionLimitTests(CommunityTestCase):
    def sign_in(self):
        r = self.client.post("/accounts/login/", {"handle": self.member.handle, "password": PASSWORD})
        self.assertEqual(r.status_code, 302)
        return self.client.cookies["sessionid"].value

    def test_a_new_session_key_at_sign_in_and_none_accepted_after_logout(self):
        self.client.get("/accounts/login/")
        self.client.session.save()
        before = self.client.session.session_key
        key = self.sign_in()
        self.assertNotEqual(before, key)
        r = self.client.post("/accounts/logout/")
        self.assertEqual(r["Clear-Site-Data"], '"cache", "cookies", "storage"')
        self.assertFalse(Session.objects.filter(session_key=key).exists())
        self.client.cookies["sessionid"] = key  # the old cookie, sent again
        self.assertEqual(self.client.get("/accounts/profile/").status_code, 302)

    def test_thirty_one_minutes_idle_ends_the_session_on_the_server(self):
        with time_machine.travel(timezone.now(), tick=False) as clock:
            key = self.sign_in()
            clock.shift(timedelta(minutes=20))
            self.assertEqual(self.client.get("/accounts/profile/").status_code, 200)  # activity moves it on
            clock.shift(timedelta(minutes=29))
            self.assertEqual(self.client.get("/accounts/profile/").status_code, 200)
            clock.shift(timedelta(minutes=31))
            r = self.client.get("/accounts/profile/")
            self.assertRedirects(r, "/accounts/login/?next=%2Faccounts%2Fprofile%2F", fetch_redirect_response=False)
            self.assertFalse(Session.objects.filter(session_key=key).exists())
            self.assertContains(self.client.get(r["Location"]), "without activity")

    def test_twelve_hours_end_even_an_active_session(self):
        with time_machine.travel(timezone.now(), tick=False) as clock:
            self.sign_in()
            for _ in range(12 * 3 - 1):  # a request every 20 minutes for 11 h 40 min
                clock.shift(timedelta(minutes=20))
                self.assertEqual(self.client.get("/accounts/profile/").status_code, 200)
            clock.shift(timedelta(minutes=20))
            self.assertEqual(self.client.get("/accounts/profile/").status_code, 302)

    def test_the_cookie_and_the_stored_session_last_no_longer_than_the_absolute_limit(self):
        self.sign_in()
        stored = Session.objects.get(session_key=self.client.cookies["sessionid"].value)
        self.assertLessEqual(stored.expire_date, timezone.now() + timedelta(hours=12, minutes=1))
        self.assertEqual(int(self.client.cookies["sessionid"]["max-age"]), 12 * 3600)


class ConfirmPasswordTests(CommunityTestCase):
    """Each sensitive step: fine just after signing in, refused with a trip to the password page after
    more than REAUTH_MINUTES, and open again once the password is confirmed."""

    def steps(self):
        member_pk = self.member_membership.public_id
        return [
            ("GET", "/accounts/my-data.json", {}, self.member),
            ("GET", "/accounts/two-factor/setup/", {}, self.member),
            ("POST", "/accounts/two-factor/recovery-codes/", {}, self.organizer),
            ("POST", "/accounts/profile/", {"email": "new@example.org", "language": "en"}, self.member),
            ("POST", f"/c/{self.community.slug}/members/{member_pk}/", {"action": "role", "role": "organizer"},
             self.organizer),
            ("POST", f"/c/{self.community.slug}/members/{member_pk}/", {"action": "reset"}, self.organizer),
            ("POST", f"/c/{self.community.slug}/invitations/",
             {"role": "organizer", "max_uses": 1, "days": 7}, self.organizer),
            ("GET", f"/c/{self.community.slug}/aid/fund/ledger.csv", {}, self.organizer),
        ]

    def test_every_sensitive_step_asks_for_the_password_when_the_sign_in_is_old(self):
        for method, url, data, user in self.steps():
            with self.subTest(url=url, action=data.get("action")), \
                    time_machine.travel(timezone.now(), tick=False) as clock:
                self.login(user)
                self.client.get("/")  # the sign-in's minute is noted
                clock.shift(timedelta(minutes=6))
                changed = self.fingerprint()
                r = self.client.generic(method, url, data=None) if method == "GET" and not data else \
                    self.client.post(url, data)
                self.assertEqual(r.status_code, 302, url)
                self.assertTrue(r["Location"].startswith("/accounts/confirm/?next="), r["Location"])
                self.assertEqual(self.fingerprint(), changed, "a refused step changed something")
                r = self.client.post(r["Location"], {"password": "wrong password here"})
                self.assertContains(r, "That is not your password.", status_code=400)
                r = self.client.post("/accounts/confirm/", {"password": PASSWORD, "next": url})
                self.assertRedirects(r, url, fetch_redirect_response=False)
                r = self.client.get(url) if method == "GET" else self.client.post(url, data)
                self.assertFalse(r.get("Location", "").startswith("/accounts/confirm/"), url)
                self.client.logout()

    def fingerprint(self):
        self.member.refresh_from_db()
        self.member_membership.refresh_from_db()
        return (self.member.email, self.member_membership.role, Invitation.objects.count())

    def test_a_fresh_sign_in_needs_no_second_password(self):
        from solidarity.communities.models import Membership
        from solidarity.testing import LONG_AGO, make_user
        admin = make_user("ada")
        Membership.objects.create(community=self.community, user=admin, role=Role.ADMIN, role_since=LONG_AGO)
        self.login(admin)
        r = self.client.post(f"/c/{self.community.slug}/invitations/", {"role": "organizer", "max_uses": 1,
                                                                        "days": 7})
        self.assertContains(r, "/join/")
        self.assertEqual(Invitation.objects.filter(role=Role.ORGANIZER).count(), 1)


class PasswordPolicyTests(CommunityTestCase):
    def test_fifteen_characters_at_least(self):
        with self.assertRaises(ValidationError):
            validate_password("fourteen chars")
        validate_password("fifteen chars ok")

    def test_long_passphrases_are_welcome_and_absurd_ones_refused_before_hashing(self):
        validate_password("correct horse battery staple " * 2)
        r = self.client.post("/accounts/login/", {"handle": self.member.handle, "password": "x" * 1025})
        self.assertContains(r, "at most 1024 characters", status_code=400)

    def test_the_site_and_community_names_are_not_a_password(self):
        for guess in ["riverside riverside", "Solidarity2026!!", "hilltop-hilltop-1"]:
            with self.subTest(guess=guess), self.assertRaises(ValidationError):
                validate_password(guess)
        validate_password("riverside apples under the bridge")


class TokenLifetimeTests(CommunityTestCase):
    def test_reset_links_last_an_hour_at_most_and_invitation_codes_carry_128_bits(self):
        from solidarity.communities.actions import do_create_invitation, do_issue_reset_link

        before = timezone.now()
        code = do_issue_reset_link(self.organizer_membership, self.member_membership)
        link = Invitation.objects.get(purpose=Purpose.RESET)
        self.assertLessEqual(link.expires_at, before + timedelta(hours=1))
        self.assertGreater(link.expires_at, before + timedelta(minutes=49))
        self.assertGreaterEqual(len(code), 22)  # token_urlsafe(16): 128 random bits
        with time_machine.travel(before + timedelta(hours=1, seconds=1)):
            self.assertEqual(self.client.get(f"/accounts/reset/{code}/").status_code, 410)
        invitation, code = do_create_invitation(self.organizer_membership, role="member", max_uses=1, days=7)
        self.assertLessEqual(invitation.expires_at, timezone.now() + timedelta(days=7))

    @override_settings(REAUTH_MINUTES=5)
    def test_invitations_last_a_week_at_most_and_an_organizer_invitation_is_for_one_person(self):
        self.login(self.organizer)
        url = f"/c/{self.community.slug}/invitations/"
        r = self.client.post(url, {"role": "member", "max_uses": 1, "days": 8})
        self.assertContains(r, "less than or equal to 7", status_code=400)
        r = self.client.post(url, {"role": "organizer", "max_uses": 5, "days": 7})
        self.assertContains(r, "it can be used once", status_code=400)
        self.assertFalse(Invitation.objects.exists())
