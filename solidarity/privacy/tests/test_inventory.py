"""SR-01: every table and column in the live database is classified in privacy.inventory, and the
classification agrees with how the column is stored."""

from django.apps import apps
from django.db import connection
from django.test import TestCase

from solidarity.privacy.fields import EncryptedTextField
from solidarity.privacy.inventory import CLASSES, INVENTORY, PLAIN_PERSONAL_TO_ENCRYPT


def live_columns() -> dict[str, set[str]]:
    with connection.cursor() as cursor:
        return {table: {c.name for c in connection.introspection.get_table_description(cursor, table)}
                for table in connection.introspection.table_names()}


class InventoryTests(TestCase):
    def test_every_table_and_column_in_the_database_is_classified_and_none_is_stale(self):
        live = live_columns()
        self.assertEqual(sorted(set(live) - set(INVENTORY)), [], "tables missing from privacy/inventory.py")
        self.assertEqual(sorted(set(INVENTORY) - set(live)), [], "tables in the inventory that do not exist")
        for table, columns in live.items():
            with self.subTest(table=table):
                self.assertEqual(sorted(columns - set(INVENTORY[table])), [], "unclassified columns")
                self.assertEqual(sorted(set(INVENTORY[table]) - columns), [], "stale columns")
                self.assertLessEqual(set(INVENTORY[table].values()), CLASSES)

    def test_server_encrypted_columns_are_exactly_the_encrypted_fields(self):
        encrypted = {(m._meta.db_table, f.column) for m in apps.get_models() for f in m._meta.concrete_fields
                     if isinstance(f, EncryptedTextField)}
        classified = {(t, c) for t, columns in INVENTORY.items() for c, kind in columns.items() if kind == "personal-B"}
        self.assertEqual(sorted(classified - encrypted), [], "personal-B columns stored in plain text")
        self.assertEqual(sorted(encrypted - classified), [], "encrypted fields not classified personal-B")

    def test_no_browser_encrypted_column_exists_yet_and_known_plain_gaps_are_pinned(self):
        # Community safety will add sensitive-A columns; each must then be a ciphertext-only field.
        self.assertFalse([(t, c) for t, columns in INVENTORY.items() for c, k in columns.items() if k == "sensitive-A"])
        personal = {(t, c) for t, columns in INVENTORY.items() for c, kind in columns.items() if kind == "personal"}
        self.assertLessEqual(PLAIN_PERSONAL_TO_ENCRYPT, personal)
