"""The capability registry: what a new app must declare, and what the core does with it.

Two apps made for these tests live in this folder: `throwaway`, a whole capability in its own folder,
and `undeclared`, an app with a model and no declaration. Installing either takes one settings line.
"""

import io
from contextlib import contextmanager
from importlib import reload

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import clear_url_caches, reverse

import solidarity.urls
from solidarity.core import capabilities
from solidarity.privacy.disclosure import everything_about
from solidarity.privacy.models import AuditEntry
from solidarity.testing import CommunityTestCase

from . import test_access_matrix, test_tenancy
from .access_table import PERSONAS


def _reread():
    capabilities.forget()
    reload(solidarity.urls)
    clear_url_caches()


@contextmanager
def installed(*names):
    with override_settings(INSTALLED_APPS=[*settings.INSTALLED_APPS, *names]):
        _reread()
        yield
    _reread()


class UndeclaredAppTests(CommunityTestCase):
    def test_an_app_with_models_and_no_declaration_is_caught(self):
        self.assertEqual(capabilities.undeclared_apps(), [])
        with installed("solidarity.tests.undeclared"):
            self.assertEqual(capabilities.undeclared_apps(), ["undeclared"])


class ThrowawayCapabilityTests(CommunityTestCase):
    def test_it_joins_the_nav_home_urls_data_and_demo_from_its_own_folder(self):
        from solidarity.tests.throwaway.capability import DEMO_CALLS

        with installed("solidarity.tests.throwaway"):
            self.assertIn("throwaway", [c.slug for c in capabilities.all_capabilities()])
            page = self.client.get(reverse("communities:home", args=["riverside"]))
            self.assertContains(page, 'href="/c/riverside/plants/"')
            self.assertContains(page, "Swap a cutting")
            self.assertNotContains(page, "Plant keepers")
            self.login(self.organizer)
            self.assertContains(self.client.get(reverse("plants:home", args=["riverside"])), "Plant keepers")
            self.assertEqual(everything_about(self.member)["plant_swap"], {"plants": []})
            with override_settings(DEMO_MODE=True):
                call_command("demo", stdout=io.StringIO())
            self.assertEqual(DEMO_CALLS, ["eastside"])
            self.assertEqual(test_tenancy.tables_without_community_id(), [])
            self.assertEqual(capabilities.undeclared_apps(), [])

    def test_the_access_matrix_reads_its_table(self):
        with installed("solidarity.tests.throwaway"):
            get, _post = test_access_matrix.full_tables()
            owned = {n for n in test_access_matrix.url_names() if n.startswith("plants:")}
            self.assertEqual(owned, {"plants:home", "plants:keepers"})
            for name in owned:
                for persona, status in zip(PERSONAS, get[name]):
                    with self.subTest(url=name, persona=persona):
                        self.client.logout()
                        user = {"anonymous": None, "outsider": self.outsider, "member": self.member,
                                "organizer": self.organizer}[persona]
                        if user:
                            self.login(user)
                        self.assertEqual(self.client.get(reverse(name, args=["riverside"])).status_code, status)


class SwitchTests(CommunityTestCase):
    def switch_off(self, *slugs):
        self.community.capabilities_off = list(slugs)
        self.community.save()

    def test_a_switched_off_capability_leaves_the_nav_and_its_pages_answer_404(self):
        home = reverse("communities:home", args=["riverside"])
        self.assertContains(self.client.get(home), 'href="/c/riverside/pb/"')
        self.switch_off("budgeting")
        self.assertNotContains(self.client.get(home), 'href="/c/riverside/pb/"')
        self.assertContains(self.client.get(home), 'href="/c/riverside/aid/"')
        self.assertEqual(self.client.get(reverse("pb:processes", args=["riverside"])).status_code, 404)
        self.assertEqual(self.client.get(reverse("pb:processes", args=["hilltop"])).status_code, 200)

    def test_open311_follows_the_mutual_aid_switch(self):
        url = reverse("open311:services") + "?jurisdiction_id=riverside"
        self.assertEqual(self.client.get(url).status_code, 200)
        self.switch_off("mutualaid")
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_only_admins_switch_and_the_change_is_audited(self):
        url = reverse("communities:capabilities", args=["riverside"])
        self.login(self.organizer)
        self.assertEqual(self.client.post(url, {"enabled": ["mutualaid"], "currency": "$"}).status_code, 403)
        self.organizer_membership.role = "admin"
        self.organizer_membership.save()
        r = self.client.post(url, {"enabled": ["mutualaid"], "currency": "€"})
        self.assertRedirects(r, url)
        self.community.refresh_from_db()
        self.assertEqual((self.community.capabilities_off, self.community.currency), (["budgeting"], "€"))
        self.assertTrue(AuditEntry.objects.filter(community=self.community, action="community.settings").exists())
