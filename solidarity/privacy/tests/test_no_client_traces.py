"""Send canary addresses, agents and bodies; find none of them in the database or the logs."""

import logging

from django.apps import apps
from django.db import connection
from django.test import TestCase, override_settings
from django.urls import path

from solidarity.privacy.logging import NoClientTracesFilter
from solidarity.testing import PASSWORD, CommunityTestCase
from solidarity.urls import urlpatterns as real_urls

CANARY_IP = "203.0.113.77"
CANARY_IP6 = "2001:db8::77"
CANARY_AGENT = "CanaryAgent/9.9 (canary-agent-zz)"
CANARY_BODY = "canary-body-7f3a"


def broken(request):
    raise RuntimeError(f"boom {request.GET.get('q', '')}")


urlpatterns = real_urls + [path("broken/", broken)]


class Capture(logging.Handler):
    def __init__(self):
        super().__init__()
        self.addFilter(NoClientTracesFilter())
        self.lines = []

    def emit(self, record):
        self.lines.append(self.format(record))


def database_text() -> str:
    chunks = []
    with connection.cursor() as cursor:
        for model in apps.get_models():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(model._meta.db_table)}")
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


@override_settings(ROOT_URLCONF=__name__, USE_X_FORWARDED_FOR=True)
class CanaryTests(CommunityTestCase):
    def test_no_address_agent_or_body_is_stored_or_logged(self):
        capture = Capture()
        capture.setFormatter(logging.Formatter("%(name)s %(message)s %(request)s"))
        loggers = [logging.getLogger(name) for name in ("", "django.request", "django.security", "django.server")]
        levels = [logger.level for logger in loggers]
        for logger in loggers:
            logger.addHandler(capture)
            logger.setLevel(logging.DEBUG)
        headers = {"REMOTE_ADDR": CANARY_IP, "HTTP_USER_AGENT": CANARY_AGENT,
                   "HTTP_X_FORWARDED_FOR": f"{CANARY_IP6}, {CANARY_IP}"}
        try:
            self.client.raise_request_exception = False
            self.client.post("/accounts/login/", {"handle": "mateo", "password": CANARY_BODY}, **headers)
            self.client.post("/accounts/login/", {"handle": CANARY_BODY, "password": PASSWORD}, **headers)
            self.client.post("/accounts/login/", {"handle": "mateo", "password": PASSWORD}, **headers)
            self.client.post("/accounts/profile/", {"language": CANARY_BODY}, **headers)
            self.client.get(f"/nowhere/{CANARY_BODY}/", **headers)
            self.client.post("/c/riverside/members/", {"x": CANARY_BODY}, **headers)
            r = self.client.get("/broken/", {"q": CANARY_BODY}, **headers)
            self.assertEqual(r.status_code, 500)
            self.assertNotIn(b"Traceback", r.content)
            self.assertNotIn(b"boom", r.content)
        finally:
            for logger, level in zip(loggers, levels):
                logger.removeHandler(capture)
                logger.setLevel(level)
        logs = "\n".join(capture.lines)
        self.assertIn("RuntimeError (message removed)", logs)  # the failure itself is logged...
        self.assertIn("in broken", logs)
        stored = database_text()
        for canary in (CANARY_IP, CANARY_IP6, CANARY_AGENT, "canary-agent-zz", CANARY_BODY):
            with self.subTest(canary=canary):
                self.assertNotIn(canary, logs)  # ...but nothing about who sent it
                self.assertNotIn(canary, stored)


class LogFilterTests(TestCase):
    def test_it_masks_addresses_and_drops_the_request(self):
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "from %s via %s", (CANARY_IP, CANARY_IP6), None)
        record.request = object()
        NoClientTracesFilter().filter(record)
        self.assertIsNone(record.request)
        self.assertEqual(record.getMessage(), "from [address removed] via [address removed]")
