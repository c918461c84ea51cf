from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from solidarity.privacy import crypto
from solidarity.privacy.fields import encrypted_fields


def _stale_pks(model, fields, current: str) -> list:
    """Primary keys of rows holding a value under an older key, read as raw ciphertext."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    sql = f"SELECT {quote(model._meta.pk.column)}, {columns} FROM {quote(model._meta.db_table)}"  # noqa: S608 - names from model metadata, quoted
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [row[0] for row in cursor.fetchall()
                if any(value and crypto.key_id_of(value) != current for value in row[1:])]


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted value under the current key (the first in ENCRYPTION_KEYS). "
        "Afterwards the old keys can be removed from ENCRYPTION_KEYS."
    )

    def handle(self, *args, **options):
        current = crypto.current_key_id()
        total = 0
        for model in apps.get_models():
            fields = encrypted_fields(model)
            if not fields:
                continue
            names = [field.name for field in fields]
            with transaction.atomic():
                stale = _stale_pks(model, fields, current)
                for obj in model._base_manager.filter(pk__in=stale).only("pk", *names):
                    obj.save(update_fields=names)
            total += len(stale)
            self.stdout.write(f"{model._meta.label}: {len(stale)} rows re-encrypted")
        self.stdout.write(f"rotate-keys: {total} rows now use key {current!r}")
