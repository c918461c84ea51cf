import ctypes
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

from solidarity.privacy.logging import NoClientTracesFilter


class QuietLogger(Logger):
    """Gunicorn's logger with no access log and our filter on the error log."""

    def setup(self, cfg):
        super().setup(cfg)
        for handler in self.error_log.handlers:
            handler.addFilter(NoClientTracesFilter())

    def access(self, resp, req, environ, request_time):
        return None


class Server(BaseApplication):
    def __init__(self, options):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from solidarity.wsgi import application

        return application


def _die_with_parent():
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class Command(BaseCommand):
    help = "Serve Solidarity with gunicorn, and purge personal data on schedule (no cron needed)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=settings.PORT)
        parser.add_argument("--workers", type=int, default=settings.WEB_WORKERS)
        parser.add_argument("--no-purge", action="store_true", help="Do not start the daily purge.")

    def handle(self, *args, host, port, workers, no_purge, **options):
        call_command("collectstatic", interactive=False, verbosity=0)
        purger = None
        if not no_purge:
            purger = subprocess.Popen(  # noqa: S603 - our own purge command, arguments from settings
                [sys.executable, "-m", "solidarity.cli", "purge", "--every", str(settings.PURGE_INTERVAL_HOURS)],
                preexec_fn=_die_with_parent if sys.platform == "linux" else None,
            )
        self.stdout.write(f"Serving on http://{host}:{port}/  (Ctrl+C stops)")
        try:
            Server({
                "bind": f"{host}:{port}",
                "workers": workers,
                "threads": settings.WEB_THREADS,
                "worker_class": "gthread",
                "logger_class": QuietLogger,
                "accesslog": None,
                "loglevel": "warning",
                "timeout": 60,
                "graceful_timeout": 10,
                "forwarded_allow_ips": "127.0.0.1,::1" if settings.USE_X_FORWARDED_FOR else "",
            }).run()
        finally:
            if purger is not None:
                purger.terminate()
