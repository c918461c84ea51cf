"""Match notices go through a real SMTP server that the test starts, and say nothing sensitive."""

import socket

from aiosmtpd.controller import Controller
from django.test import override_settings

from solidarity.mutualaid import actions
from solidarity.mutualaid.models import Status

from .base import AidTestCase


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content.decode()))
        return "250 OK"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MatchNoticeTests(AidTestCase):
    def setUp(self):
        self.inbox = Inbox()
        self.port = free_port()
        self.smtp = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.smtp.start()
        self.addCleanup(self.smtp.stop)

    def test_the_helper_gets_an_email_with_no_details(self):
        self.member.email = "helper@example.org"
        self.member.save()
        request, _ = self.make_request(description="Insulin run for Ana at 12 Elm", contact="555-0199")
        request.status = Status.TRIAGED
        request.save()
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                               EMAIL_HOST="127.0.0.1", EMAIL_PORT=self.port, EMAIL_USE_TLS=False):
            with self.captureOnCommitCallbacks(execute=True):
                actions.do_match(self.organizer, request, self.offer)
        self.assertEqual(len(self.inbox.messages), 1)
        recipients, message = self.inbox.messages[0]
        self.assertEqual(recipients, ["helper@example.org"])
        self.assertIn("You have an update in Solidarity. Sign in to see it.", message)
        for secret in ("Insulin", "Ana", "Elm", "555-0199", request.public_id, "Riverside"):
            self.assertNotIn(secret, message)

    def test_no_email_no_message(self):
        request, _ = self.make_request()
        request.status = Status.TRIAGED
        request.save()
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                               EMAIL_HOST="127.0.0.1", EMAIL_PORT=self.port, EMAIL_USE_TLS=False):
            with self.captureOnCommitCallbacks(execute=True):
                actions.do_match(self.organizer, request, self.offer)
        self.assertEqual(self.inbox.messages, [])
