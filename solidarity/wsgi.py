import os

from django.core.wsgi import get_wsgi_application

from solidarity.cli import PRIVATE_UMASK

os.umask(PRIVATE_UMASK)  # as the `solidarity` command does: files the server writes are its own
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "solidarity.settings")
application = get_wsgi_application()
