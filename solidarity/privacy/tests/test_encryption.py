import base64
import io

from django.core.management import call_command
from django.db import connection
from django.test import TestCase, override_settings

from solidarity.privacy import crypto
from solidarity.testing import make_user

OLD = {"k1": base64.urlsafe_b64decode(base64.urlsafe_b64encode(b"o" * 32))}
NEW = {"k2": b"n" * 32, "k1": b"o" * 32}


def raw_column(user, column):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM accounts_user WHERE id = %s", [user.pk])
        return cursor.fetchone()[0]


class EncryptedFieldTests(TestCase):
    def test_the_database_holds_only_ciphertext(self):
        user = make_user("enc", email="secret-person@example.org", phone="555-0199")
        stored = raw_column(user, "email")
        self.assertTrue(stored.startswith("enc:"))
        self.assertNotIn("secret-person", stored)
        user.refresh_from_db()
        self.assertEqual(user.email, "secret-person@example.org")

    def test_the_same_value_encrypts_differently_each_time(self):
        a = make_user("a1", email="same@example.org")
        b = make_user("b1", email="same@example.org")
        self.assertNotEqual(raw_column(a, "email"), raw_column(b, "email"))

    def test_a_value_moved_to_another_column_does_not_decrypt(self):
        user = make_user("mover", email="x@example.org")
        stolen = raw_column(user, "email")
        with self.assertRaises(crypto.DecryptionError):
            crypto.decrypt(stolen, context="accounts.User.phone")

    def test_an_empty_value_stays_empty(self):
        user = make_user("blank")
        self.assertEqual(raw_column(user, "email"), "")


class RotateKeysTests(TestCase):
    def test_rotate_keys_re_encrypts_under_the_new_key(self):
        with override_settings(ENCRYPTION_KEYS=OLD):
            user = make_user("rot", email="rot@example.org", phone="1")
        self.assertEqual(crypto.key_id_of(raw_column(user, "email")), "k1")
        with override_settings(ENCRYPTION_KEYS=NEW):
            out = io.StringIO()
            call_command("rotate_keys", stdout=out)
            self.assertIn("accounts.User: 1 rows re-encrypted", out.getvalue())
            self.assertEqual(crypto.key_id_of(raw_column(user, "email")), "k2")
            self.assertEqual(crypto.key_id_of(raw_column(user, "phone")), "k2")
        # The old key can now be dropped.
        with override_settings(ENCRYPTION_KEYS={"k2": b"n" * 32}):
            user.refresh_from_db()
            self.assertEqual(user.email, "rot@example.org")
            out = io.StringIO()
            call_command("rotate_keys", stdout=out)
            self.assertIn("accounts.User: 0 rows re-encrypted", out.getvalue())
