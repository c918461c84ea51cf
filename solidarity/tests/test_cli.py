import io
import os
import subprocess
import sys

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase

from solidarity.communities.models import Community, Invitation, Membership, hash_code


class DemoTests(TestCase):
    def test_demo_is_idempotent_and_creates_the_demo_accounts(self):
        call_command("demo", stdout=io.StringIO())
        call_command("demo", stdout=io.StringIO())
        community = Community.objects.get(slug="eastside")
        self.assertEqual(community.name, "Eastside Solidarity Network")
        organizer = get_user_model().objects.get(handle="demo-organizer")
        self.assertTrue(organizer.check_password("solidarity-demo"))
        self.assertTrue(organizer.is_demo)
        self.assertEqual(Membership.objects.get(user=organizer).role, "organizer")
        self.assertEqual(Membership.objects.get(user__handle="demo-member").role, "member")
        self.assertGreaterEqual(community.memberships.count(), 5)


class InviteCommandTests(TestCase):
    def test_create_community_prints_a_working_admin_link(self):
        out = io.StringIO()
        call_command("create_community", "northside", "Northside Aid", stdout=out)
        code = out.getvalue().strip().rsplit("/join/", 1)[1].strip("/")
        invitation = Invitation.objects.get(code_hash=hash_code(code))
        self.assertEqual((invitation.role, invitation.community.slug), ("admin", "northside"))
        self.assertEqual(self.client.get(f"/join/{code}/").status_code, 200)


def test_the_console_script_maps_hyphens_and_reports_config_errors(tmp_path):
    env = {**os.environ, "DATA_DIR": str(tmp_path), "PORT": "nope"}
    result = subprocess.run([sys.executable, "-m", "solidarity.cli", "rotate-keys"], env=env,
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert "PORT must be a whole number" in result.stderr
    env["PORT"] = "8000"
    result = subprocess.run([sys.executable, "-m", "solidarity.cli", "help", "subpoena-view"], env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Print everything this server holds about one account" in result.stdout


def test_the_database_and_secrets_are_readable_by_the_server_alone(tmp_path):
    """Before, `solidarity migrate` left solidarity.sqlite3 (and -wal, -shm) at 0644."""
    import stat

    env = {**os.environ, "DATA_DIR": str(tmp_path), "DATABASE_URL": ""}
    result = subprocess.run([sys.executable, "-m", "solidarity.cli", "migrate", "--verbosity", "0"], env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.name == "solidarity.sqlite3" for p in written)
    loose = {str(p.relative_to(tmp_path)): oct(stat.S_IMODE(p.stat().st_mode)) for p in written
             if stat.S_IMODE(p.stat().st_mode) & 0o077}
    assert loose == {}
