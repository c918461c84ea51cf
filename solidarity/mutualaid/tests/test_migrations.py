"""Referrals stored in plain text before 0004 are encrypted in place."""

from django.db import connection
from django.test import TransactionTestCase

from solidarity.testing import migrate_to

BEFORE = [("mutualaid", "0003_one_category_vocabulary")]
AFTER = [("mutualaid", "0004_referral_encrypted_and_purged")]


class ReferralMigrationTests(TransactionTestCase):
    def migrate(self, target):
        return migrate_to(target)

    def test_a_plain_referral_is_encrypted_and_still_reads_the_same(self):
        old = self.migrate(BEFORE)
        community = old.get_model("communities", "Community").objects.create(slug="c", name="C")
        old.get_model("mutualaid", "HelpRequest").objects.create(
            community=community, public_id="P1", code_hash="h", category="food", description="",
            referred_to="Hope House shelter")
        new = self.migrate(AFTER)
        with connection.cursor() as cursor:
            cursor.execute("SELECT referred_to FROM mutualaid_helprequest")
            [(raw,)] = cursor.fetchall()
        self.assertTrue(raw.startswith("enc:"))
        self.assertEqual(new.get_model("mutualaid", "HelpRequest").objects.get().referred_to, "Hope House shelter")
