"""Solidarity's only settings module.

Every value comes from the environment (or a secret file) and is read through the small
readers below, which record each variable's name in ENV_VARIABLES so that a test can check
that docs/configuration.md documents all of them. A bad value stops start-up with a message
that names the variable.
"""

import base64
import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
ENV_VARIABLES: set[str] = set()

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str) -> str | None:
    ENV_VARIABLES.add(name)
    return os.environ.get(name)


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    if value.strip().lower() in _TRUE:
        return True
    if value.strip().lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int, *, minimum: int = 0, maximum: int = 2**31) -> int:
    value = _raw(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None
    if not minimum <= number <= maximum:
        raise ImproperlyConfigured(f"{name} must be between {minimum} and {maximum}, not {number}.")
    return number


def env_str(name: str, default: str) -> str:
    value = _raw(name)
    return default if value is None or value.strip() == "" else value.strip()


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None or value.strip() == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_secret(name: str, *, generate, data_dir: Path, allow_generate: bool) -> str:
    """NAME from the environment, else from the file named by NAME_FILE, else from var/.

    Outside production a missing secret is generated once into DATA_DIR, so local runs need no
    set-up. In production it must be given.
    """
    value = _raw(name)
    file_name = _raw(f"{name}_FILE")
    if value:
        return value.strip()
    if file_name:
        try:
            return Path(file_name).read_text().strip()
        except OSError as error:
            raise ImproperlyConfigured(f"{name}_FILE: cannot read {file_name}: {error.strerror}.") from None
    if not allow_generate:
        raise ImproperlyConfigured(f"{name} (or {name}_FILE) must be set when SOLIDARITY_PRODUCTION is on.")
    path = data_dir / "secrets" / name.lower()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(generate())
    return path.read_text().strip()


def parse_encryption_keys(text: str) -> dict[str, bytes]:
    """'id:base64key,id:base64key' -> {id: key}. The first key encrypts; all of them decrypt."""
    keys: dict[str, bytes] = {}
    for item in text.split(","):
        key_id, sep, encoded = item.strip().partition(":")
        if not sep or not key_id.isalnum():
            raise ImproperlyConfigured("ENCRYPTION_KEYS must look like 'k1:BASE64KEY,k0:OLDKEY'.")
        try:
            key = base64.urlsafe_b64decode(encoded)
        except ValueError:
            raise ImproperlyConfigured(f"ENCRYPTION_KEYS: key {key_id!r} is not base64.") from None
        if len(key) != 32:
            raise ImproperlyConfigured(f"ENCRYPTION_KEYS: key {key_id!r} must be 32 bytes (256 bits).")
        if key_id in keys:
            raise ImproperlyConfigured(f"ENCRYPTION_KEYS: key id {key_id!r} appears twice.")
        keys[key_id] = key
    return keys


def _new_encryption_key() -> str:
    return "k1:" + base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


# --- Mode --------------------------------------------------------------------------------------

PRODUCTION = env_bool("SOLIDARITY_PRODUCTION", False)
DEBUG = env_bool("DEBUG", False)
DEMO_MODE = env_bool("DEMO_MODE", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG cannot be on when SOLIDARITY_PRODUCTION is on.")
if PRODUCTION and DEMO_MODE:
    raise ImproperlyConfigured("DEMO_MODE cannot be on when SOLIDARITY_PRODUCTION is on.")

DATA_DIR = Path(env_str("DATA_DIR", str(BASE_DIR / "var"))).resolve()
PORT = env_int("PORT", 8000, minimum=1, maximum=65535)
WEB_WORKERS = env_int("WEB_WORKERS", 2, minimum=1, maximum=64)
WEB_THREADS = env_int("WEB_THREADS", 4, minimum=1, maximum=64)
PURGE_INTERVAL_HOURS = env_int("PURGE_INTERVAL_HOURS", 24, minimum=1, maximum=24 * 7)


def env_backup_key(name: str) -> bytes | None:
    """A 32-byte X25519 key, base64; from NAME or from the file named by NAME_FILE. Never generated: a
    backup key made by the server would be kept beside the backups."""
    value = _raw(name)
    path = _raw(f"{name}_FILE")
    if not value and path:
        try:
            value = Path(path).read_text().strip()
        except OSError as error:
            raise ImproperlyConfigured(f"{name}_FILE: cannot read {path}: {error.strerror}.") from None
    if not value:
        return None
    try:
        key = base64.urlsafe_b64decode(value.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} is not base64.") from None
    if len(key) != 32:
        raise ImproperlyConfigured(f"{name} must be 32 bytes, base64; `solidarity backup --new-key` prints a pair.")
    return key


BACKUP_KEY = env_backup_key("BACKUP_KEY")  # public: backups are encrypted to it
BACKUP_PRIVATE_KEY = env_backup_key("BACKUP_PRIVATE_KEY")  # only where a backup is checked or restored
BACKUP_DIR = env_str("BACKUP_DIR", "")
if BACKUP_DIR and BACKUP_KEY is None:
    raise ImproperlyConfigured("BACKUP_DIR is set, so nightly backups are on: set BACKUP_KEY too.")
if BACKUP_DIR and Path(BACKUP_DIR).resolve() == Path(DATA_DIR).resolve():
    raise ImproperlyConfigured("BACKUP_DIR must not be the data directory: a copy on the same disk is not a backup.")

SECRET_KEY = env_secret(
    "SECRET_KEY", generate=lambda: secrets.token_urlsafe(50), data_dir=DATA_DIR, allow_generate=not PRODUCTION
)
ENCRYPTION_KEYS = parse_encryption_keys(
    env_secret("ENCRYPTION_KEYS", generate=_new_encryption_key, data_dir=DATA_DIR, allow_generate=not PRODUCTION)
)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name this site's host name when SOLIDARITY_PRODUCTION is on.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
USE_X_FORWARDED_FOR = env_bool("USE_X_FORWARDED_FOR", False)

# --- Applications ------------------------------------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "solidarity",
    "solidarity.privacy",
    "solidarity.accounts",
    "solidarity.communities",
    # Capabilities: each declares itself in its own capability.py (solidarity/core/capabilities.py).
    "solidarity.mutualaid",
    "solidarity.budgeting",
]

MIDDLEWARE = [
    "solidarity.privacy.middleware.no_client_traces",
    "django.middleware.security.SecurityMiddleware",
    "solidarity.privacy.middleware.permissions_policy",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "solidarity.privacy.middleware.no_referrer_csrf",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "solidarity.privacy.middleware.no_store_personal_pages",
    "django_otp.middleware.OTPMiddleware",
    "solidarity.communities.middleware.CapabilitySwitches",
    "django.contrib.messages.middleware.MessageMiddleware",
    "solidarity.accounts.middleware.session_limits",
    "solidarity.accounts.middleware.require_two_factor",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "solidarity.urls"
WSGI_APPLICATION = "solidarity.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "solidarity.context.site",
            ],
        },
    }
]

# --- Database ----------------------------------------------------------------------------------

_database_url = env_str("DATABASE_URL", "")
if _database_url:
    import dj_database_url

    try:
        _default_db = dj_database_url.parse(_database_url, conn_max_age=60, conn_health_checks=True)
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL is not a database address: {error}") from None
    if _default_db["ENGINE"] not in ("django.db.backends.postgresql", "django.db.backends.sqlite3"):
        raise ImproperlyConfigured("DATABASE_URL must be a postgres:// or sqlite:/// address.")
else:
    _default_db = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "solidarity.sqlite3",
        # Each server thread keeps its connection: opening one and setting its pragmas costs more than
        # most requests' queries. Health checks replace a connection that broke between requests.
        "CONN_MAX_AGE": 600,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            # WAL lets readers work during a write; IMMEDIATE takes the write lock at BEGIN, so two
            # writers queue on busy_timeout instead of failing with "database is locked".
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            # synchronous=FULL: a commit the server acknowledged survives a power cut. secure_delete: a
            # deleted or overwritten value is zeroed in the file, not left in a free page.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
                            "PRAGMA secure_delete=ON;",
        },
        # Tests use a file too, so concurrent writers meet the same WAL and busy timeout as production.
        "TEST": {"NAME": str(DATA_DIR / "test.sqlite3")},
    }
DATABASES = {"default": _default_db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Passwords and sessions --------------------------------------------------------------------

PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 15}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    # The site's and the communities' own names, which a guesser tries first.
    {"NAME": "solidarity.accounts.forms.ContextWordsValidator"},
]
# Longer passwords are refused before hashing (a megabyte of password costs Argon2 real work).
PASSWORD_MAX_LENGTH = 1024
# A sign-in lasts at most SESSION_HOURS, and ends after SESSION_IDLE_MINUTES without a request
# (accounts.middleware.session_limits); the cookie and the stored session expire with the first.
SESSION_HOURS = env_int("SESSION_HOURS", 12, minimum=1, maximum=24 * 30)
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30, minimum=5, maximum=24 * 60)
SESSION_COOKIE_AGE = SESSION_HOURS * 3600
# Changing an email address, two-factor devices, roles, organizer invitations and exports ask for the
# password again when the last sign-in or confirmation is older than this.
REAUTH_MINUTES = env_int("REAUTH_MINUTES", 5, minimum=1, maximum=60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "solidarity.errors.csrf_failure"
# Imported sheets travel back with the column-mapping form (see mutualaid.imports).
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
OTP_TOTP_ISSUER = env_str("SITE_NAME", "Solidarity")
SITE_NAME = OTP_TOTP_ISSUER
# The AGPL asks that people using a modified version over a network can get its source.
SOURCE_URL = env_str("SOURCE_URL", "")

# --- Security headers --------------------------------------------------------------------------

X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        # Nothing is allowed that is not named here (SR-32); nothing we serve uses data: URLs.
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
if PRODUCTION:
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = True
    # The __Host- prefix makes browsers refuse the cookie unless it is Secure, host-only and Path=/.
    SESSION_COOKIE_NAME = "__Host-session"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    LANGUAGE_COOKIE_NAME = "__Host-language"
    SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31536000, minimum=0, maximum=63072000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", True)
    SECURE_SSL_REDIRECT = env_bool("SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
else:
    env_int("HSTS_SECONDS", 0)
    env_bool("HSTS_PRELOAD", False)
    env_bool("SSL_REDIRECT", False)

# --- Languages and time ------------------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "solidarity" / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 86400
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("TIME_ZONE", "UTC")
try:
    import zoneinfo

    zoneinfo.ZoneInfo(TIME_ZONE)
except (zoneinfo.ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(f"TIME_ZONE {TIME_ZONE!r} is not a known time zone such as America/Chicago.") from None

# --- Static files ------------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG

# --- Logging: nothing that identifies a client ---------------------------------------------------

LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
    raise ImproperlyConfigured(f"LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not {LOG_LEVEL!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_client_traces": {"()": "solidarity.privacy.logging.NoClientTracesFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["no_client_traces"], "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # django.server's access lines carry the client address; we never want them.
        "django.server": {"handlers": [], "level": "ERROR", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}

# --- Throttling, retention ---------------------------------------------------------------------

LOGIN_FAILURES_PER_ACCOUNT = env_int("LOGIN_FAILURES_PER_ACCOUNT", 5, minimum=1, maximum=1000)
LOGIN_FAILURES_PER_CLIENT = env_int("LOGIN_FAILURES_PER_CLIENT", 20, minimum=1, maximum=10000)
LOGIN_THROTTLE_MINUTES = env_int("LOGIN_THROTTLE_MINUTES", 15, minimum=1, maximum=1440)


def env_rate_limits(name: str, defaults: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """`rule=count/minutes` pairs separated by commas; rules not named keep their defaults."""
    limits = dict(defaults)
    value = _raw(name) or ""
    for part in filter(None, (p.strip() for p in value.split(","))):
        rule, _sep, rate = part.partition("=")
        count, _slash, minutes = rate.partition("/")
        if rule.strip() not in defaults or not (count.strip().isdigit() and minutes.strip().isdigit()):
            raise ImproperlyConfigured(f"{name}: {part!r} is not one of {', '.join(defaults)} set to count/minutes, "
                                       "for example requests-per-client=20/60.")
        if int(count) < 1 or not 1 <= int(minutes) <= 1440:
            raise ImproperlyConfigured(f"{name}: {part!r} needs a count of at least 1 and 1 to 1440 minutes.")
        limits[rule.strip()] = (int(count), int(minutes))
    return limits


# What anyone may send without an account, counted where every worker sees it (privacy.throttle).
RATE_LIMITS = env_rate_limits("RATE_LIMITS", {
    "requests-per-client": (20, 60),     # help requests, by the web form or Open311
    "requests-per-community": (300, 60),
    "lookups-per-client": (30, 10),      # request codes, receipts, voting codes, invitation and reset links
    "ideas-per-client": (20, 60),
})
# Days someone must have held the organizer role before they can be the second person of a two-person rule.
ORGANIZER_WAITING_DAYS = env_int("ORGANIZER_WAITING_DAYS", 7, minimum=0, maximum=365)
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 730, minimum=30, maximum=3650)
INVITATION_RETENTION_DAYS = env_int("INVITATION_RETENTION_DAYS", 90, minimum=1, maximum=3650)

# --- Email -------------------------------------------------------------------------------------

EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "solidarity@localhost")
# Without a mail server, mail is dropped rather than printed, since a printed body would be a log line.
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.dummy.EmailBackend"
)
