"""Shared test set-up: one community seen by the personas every test needs."""

import os
from datetime import date
import unittest
from pathlib import Path

from django.contrib.auth import get_user_model
from django.test import TestCase

from solidarity.communities.models import Community, Membership, Role

PASSWORD = "a long test password"  # noqa: S105 - the test personas' password
LONG_AGO = date(2020, 1, 1)
SHARED_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def shared_data(relative: str) -> Path:
    """A file from ../shared/data. Missing data skips a test locally, and fails it in CI."""
    path = SHARED_DATA / relative
    if not path.exists():
        message = f"{path} is missing"
        if os.environ.get("CI", "").lower() == "true":
            raise AssertionError(message)
        raise unittest.SkipTest(message)
    return path


def make_user(handle: str, **fields):
    return get_user_model().objects.create_user(handle, PASSWORD, **fields)


class CommunityTestCase(TestCase):
    """An organizer, a member, an outsider (a member of another community) and anonymous visitors."""

    @classmethod
    def setUpTestData(cls):
        cls.community = Community.objects.create(slug="riverside", name="Riverside Mutual Aid")
        cls.other_community = Community.objects.create(slug="hilltop", name="Hilltop Tenants")
        cls.organizer = make_user("olga")
        cls.member = make_user("mateo")
        cls.outsider = make_user("otto")
        # An established organizer: past the waiting period of the two-person rules.
        cls.organizer_membership = Membership.objects.create(
            community=cls.community, user=cls.organizer, role=Role.ORGANIZER, role_since=LONG_AGO
        )
        cls.member_membership = Membership.objects.create(community=cls.community, user=cls.member)
        Membership.objects.create(community=cls.other_community, user=cls.outsider, role=Role.ORGANIZER)

    def login(self, user, *, verified=True):
        """Log in; organizers are marked as having passed two-factor, as they would have."""
        self.client.force_login(user)
        if verified:
            from django_otp.plugins.otp_static.models import StaticDevice

            device, _ = StaticDevice.objects.get_or_create(user=user, name="test", confirmed=True)
            session = self.client.session
            session["otp_device_id"] = device.persistent_id
            session.save()


def migrate_to(target: list[tuple[str, str]]):
    """Migrate the test database to `target` (one app's migration); return the models as they are
    then, with every other app's models as they are now."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate(target)
    apps_moved = {app for app, _name in target}
    leaves = [node for node in executor.loader.graph.leaf_nodes() if node[0] not in apps_moved]
    return executor.loader.project_state([*target, *leaves]).apps
