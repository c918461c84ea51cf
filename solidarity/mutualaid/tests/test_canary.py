"""Free text that names a person's situation is never stored in plain text, nor copied into the audit log.

A canary is typed into every field of the forms about a person's need: asking for help (on the web and
by phone), triage notes and referrals. Then every text column of every table is read raw, and every
audit entry: the canary may appear in none of them. Before, `referred_to` ("Hope House shelter") was
plain text, never purged, and copied into the audit log.
"""

import uuid

from django.apps import apps
from django.db import connection, models

from solidarity.mutualaid.models import HelpRequest, Status
from solidarity.privacy.models import AuditEntry

from .base import BASE, AidTestCase


def raw_text_columns():
    for model in apps.get_models():
        columns = [f.column for f in model._meta.concrete_fields
                   if isinstance(f, (models.CharField, models.TextField))]
        if columns:
            yield model._meta.db_table, columns


class CanaryTests(AidTestCase):
    def test_no_canary_reaches_a_plain_column_or_the_audit_log(self):
        canary = f"CANARY-{uuid.uuid4().hex[:12]}"
        self.client.post(BASE + "ask/", {"category": "housing", "urgency": "week", "description": canary,
                                         "cross_streets": canary, "contact_name": canary, "contact": canary})
        self.login(self.organizer)
        self.client.post(BASE + "phone/", {"category": "food", "urgency": "today", "description": canary,
                                           "cross_streets": canary, "address": canary, "contact_name": canary,
                                           "contact": canary})
        requests = [r for r in HelpRequest.objects.order_by("pk") if r.description == canary]
        self.assertEqual(len(requests), 2)
        first, second = requests
        self.client.post(BASE + f"requests/{first.public_id}/action/", {"action": "call_back", "note": canary})
        self.client.post(BASE + f"requests/{second.public_id}/action/",
                         {"action": "refer", "referred_to": canary})
        second.refresh_from_db()
        self.assertEqual((second.status, second.referred_to), (Status.REFERRED, canary))
        found = []
        with connection.cursor() as cursor:
            for table, columns in raw_text_columns():
                quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
                cursor.execute(f"SELECT {quoted} FROM {connection.ops.quote_name(table)}")
                found += [f"{table}.{column}" for row in cursor.fetchall()
                          for column, value in zip(columns, row) if value and canary in str(value)]
        self.assertEqual(found, [])
        self.assertFalse(AuditEntry.objects.filter(detail__contains=canary).exists())

    def test_a_referral_is_purged_with_the_request(self):
        from datetime import timedelta

        from django.utils import timezone

        from solidarity.privacy.retention import purge

        request, _code = self.make_request()
        self.login(self.organizer)
        self.client.post(BASE + f"requests/{request.public_id}/action/", {"action": "refer",
                                                                          "referred_to": "Hope House shelter"})
        HelpRequest.objects.filter(pk=request.pk).update(purge_on=timezone.localdate() - timedelta(days=1))
        purge()
        request.refresh_from_db()
        self.assertEqual((request.status, request.referred_to), (Status.REFERRED, ""))
