def pytest_configure(config):
    try:
        from django.conf import settings
    except ImportError:  # engine tests run without Django installed
        return

    # Request tests render templates without a collected, hashed static manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Argon2 is deliberately slow; the test of the production hasher overrides this back.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
