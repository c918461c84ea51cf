def pytest_configure(config):
    from django.conf import settings

    # Request tests render templates without a collected, hashed static manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
