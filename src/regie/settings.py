"""Regie settings: one module, every value from the environment with a safe documented default.

See docs/operations.md for the full list. `regie check --deploy` fails fast on dangerous values.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
# Where the SQLite file, uploads and logs live when nothing else is configured.
DATA_DIR = Path(os.environ.get("REGIE_DATA_DIR", Path.cwd() / "var")).resolve()


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("REGIE_DEBUG", False)
# The default key is only fit for a laptop; `regie check --deploy` refuses it in production.
INSECURE_DEFAULT_SECRET_KEY = "regie-insecure-development-key-change-me-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("REGIE_SECRET_KEY", INSECURE_DEFAULT_SECRET_KEY)
ALLOWED_HOSTS = env_list("REGIE_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("REGIE_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    # The API docs page (/api/v1/docs) serves Swagger UI from ninja's static files, not from a CDN.
    "ninja",
    "csp",
    "regie.core",
    "regie.accounts",
    "regie.audit",
    "regie.people",
    "regie.cases",
    "regie.interviews",
    "regie.removability",
    "regie.travel_documents",
    "regie.support",
    "regie.measures",
    "regie.departures",
    "regie.documents",
    "regie.letters",
    "regie.deadlines",
    "regie.reports",
    "regie.operations",
    "regie.privacy",
    "regie.demo",
    "regie.api",
    "regie.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "regie.core.middleware.NoStoreMiddleware",
    "regie.core.middleware.RequestIdMiddleware",
    "regie.web.limits.InputLimitsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages: an idle session ends with a message on the login page; then the second factor.
    "regie.accounts.middleware.SessionTimeoutMiddleware",
    "regie.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "regie.urls"
WSGI_APPLICATION = "regie.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # Every template translates and uses the house's tags (forms, cards, headings, tables).
            "builtins": ["django.templatetags.i18n", "regie.web.templatetags.regie_web"],
        },
    },
]

# Django's widget templates, with the common widgets (input, textarea, select) written out in Python:
# the same HTML at a fraction of the cost (regie.web.renderers).
FORM_RENDERER = "regie.web.renderers.FormRenderer"

# Input limits (docs/security/input.md). A request body over REGIE_MAX_BODY_BYTES answers 413 before it is
# read; Django holds what it reads into memory (JSON bodies, form fields) to the same limit. A multipart
# form may add REGIE_MAX_UPLOAD_BYTES of files; files over FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file.
REGIE_MAX_BODY_BYTES = int(os.environ.get("REGIE_MAX_BODY_BYTES", str(5 * 1024 * 1024 // 2)))
REGIE_MAX_UPLOAD_BYTES = int(os.environ.get("REGIE_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = REGIE_MAX_BODY_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024 // 2
# The most dossiers one `POST /api/v1/case-batches` may deliver; more answers 413 naming the limit.
REGIE_CASE_BATCH_MAX = int(os.environ.get("REGIE_CASE_BATCH_MAX", "1000"))
# How long a write waits for SQLite's lock before it answers 503 (Retry-After) instead of hanging.
REGIE_SQLITE_LOCK_SECONDS = float(os.environ.get("REGIE_SQLITE_LOCK_SECONDS", "5"))

# Database: SQLite (WAL) file by default, PostgreSQL (or any dj-database-url URL) via DATABASE_URL.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("REGIE_SQLITE_PATH", str(DATA_DIR / "regie.sqlite3")),
            "OPTIONS": {
                # WAL lets readers work while one writer commits; IMMEDIATE avoids
                # "database is locked" on lock upgrades inside write transactions.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    f"PRAGMA foreign_keys=ON; PRAGMA busy_timeout={int(REGIE_SQLITE_LOCK_SECONDS * 1000)};"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": REGIE_SQLITE_LOCK_SECONDS,
            },
        }
    }
    # Tests use a file, not memory, so that a real worker process can share the test database.
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("REGIE_TEST_SQLITE_PATH", str(DATA_DIR / "test.sqlite3"))}
    DATA_DIR.mkdir(parents=True, exist_ok=True)

# A streaming read replica (PostgreSQL hot standby) for the statistics and exports, when set: see
# regie.core.replica and docs/operations.md. Under test it mirrors "default" (no second test database).
REGIE_REPLICA_URL = os.environ.get("REGIE_REPLICA_URL", "")
if REGIE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(REGIE_REPLICA_URL, conn_max_age=60)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["regie.core.replica.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

# Lockout after repeated failed logins (django-axes): per username from one address, and per address
# across usernames (password spraying) with its own, higher limit (regie.accounts.lockout).
LOGIN_FAILURE_LIMIT = int(os.environ.get("REGIE_LOGIN_FAILURE_LIMIT", "5"))
LOGIN_IP_FAILURE_LIMIT = int(os.environ.get("REGIE_LOGIN_IP_FAILURE_LIMIT", "20"))
AXES_FAILURE_LIMIT = "regie.accounts.lockout.failure_limit"
# Behind reverse proxies: how many (each appends to X-Forwarded-For); 0 trusts no header (REMOTE_ADDR).
TRUSTED_PROXY_COUNT = int(os.environ.get("REGIE_TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "regie.accounts.lockout.client_address"
AXES_COOLOFF_TIME = int(os.environ.get("REGIE_LOGIN_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_ENABLED = env_bool("REGIE_AXES_ENABLED", True)
# Axes logs usernames; keep personal data out of logs.
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"

# Second factor (django-otp: TOTP app, recovery codes) for every person who logs in with a password;
# system accounts use API tokens. On by default; the demo (`dev.py run`) and the test suite switch it off.
MFA_REQUIRED = env_bool("REGIE_MFA_REQUIRED", True)
OTP_TOTP_ISSUER = os.environ.get("REGIE_MFA_ISSUER", "Regie")
# Failed codes wait 1, 2, 4, 8 ... seconds per device (django-otp's throttling; 0 would switch it off).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# A session without a request for this long ends; SESSION_COOKIE_AGE below is the absolute lifetime.
IDLE_TIMEOUT_MINUTES = int(os.environ.get("REGIE_IDLE_TIMEOUT_MINUTES", "30"))

# Optional single sign-on with OpenID Connect (mozilla-django-oidc): off by default. Only existing,
# active accounts may sign in this way (matched by a claim); it never creates accounts or roles.
OIDC_ENABLED = env_bool("REGIE_OIDC_ENABLED", False)
OIDC_RP_CLIENT_ID = os.environ.get("REGIE_OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("REGIE_OIDC_RP_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = os.environ.get("REGIE_OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("REGIE_OIDC_RP_SCOPES", "openid email profile")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("REGIE_OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("REGIE_OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("REGIE_OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("REGIE_OIDC_OP_JWKS_ENDPOINT", "")
OIDC_OP_LOGOUT_ENDPOINT = os.environ.get("REGIE_OIDC_OP_LOGOUT_ENDPOINT", "")
# The claim that names the account: its value is compared with the username (or e-mail address).
OIDC_USERNAME_CLAIM = os.environ.get("REGIE_OIDC_USERNAME_CLAIM", "preferred_username")
OIDC_MATCH_FIELD = os.environ.get("REGIE_OIDC_MATCH_FIELD", "username")  # "username" or "email"
OIDC_CREATE_USER = False
# Whether a login through the identity provider counts as the second factor (it enforces MFA itself).
OIDC_COUNTS_AS_MFA = env_bool("REGIE_OIDC_COUNTS_AS_MFA", True)
LOGIN_REDIRECT_URL_FAILURE = "/inloggen/"
if OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("regie.accounts.oidc.ExistingAccountsOIDCBackend")

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("REGIE_TIME_ZONE", "Europe/Amsterdam")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("REGIE_STATIC_ROOT", DATA_DIR / "static"))
# Uploaded documents (docs/documents.md): Django's default storage, outside the static files and never served
# by URL. The file system under REGIE_MEDIA_ROOT by default; another backend (django-storages' S3) by
# REGIE_STORAGE_BACKEND with its options as JSON in REGIE_STORAGE_OPTIONS.
REGIE_MEDIA_ROOT = Path(os.environ.get("REGIE_MEDIA_ROOT", DATA_DIR / "documents")).resolve()
REGIE_STORAGE_BACKEND = os.environ.get("REGIE_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage")
REGIE_STORAGE_OPTIONS: dict[str, object] = json.loads(os.environ.get("REGIE_STORAGE_OPTIONS") or "{}")
if REGIE_STORAGE_BACKEND == "django.core.files.storage.FileSystemStorage":
    REGIE_STORAGE_OPTIONS = {"location": str(REGIE_MEDIA_ROOT), **REGIE_STORAGE_OPTIONS}
# Issued letters (docs/letters.md) go through the same storage; MEDIA_ROOT names its folder for Django.
MEDIA_ROOT = REGIE_MEDIA_ROOT
STORAGES = {
    "default": {"BACKEND": REGIE_STORAGE_BACKEND, "OPTIONS": REGIE_STORAGE_OPTIONS},
    "staticfiles": {"BACKEND": "regie.core.staticfiles.StaticFilesStorage"},
}
# Serve from the app folders too when collectstatic has not run (development, tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(os.environ.get("REGIE_SESSION_SECONDS", str(8 * 3600)))
SESSION_COOKIE_SECURE = env_bool("REGIE_SECURE_COOKIES", not DEBUG and bool(DATABASE_URL))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# HTTPS (docs/security/headers.md). HSTS is off until the operator has HTTPS working for good.
SECURE_HSTS_SECONDS = int(os.environ.get("REGIE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("REGIE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("REGIE_HSTS_PRELOAD", False)
SECURE_SSL_REDIRECT = env_bool("REGIE_SSL_REDIRECT", False)
# Behind a TLS-terminating proxy: "HTTP_X_FORWARDED_PROTO,https" (the header as Django sees it, the value).
_proxy_ssl_header = env_list("REGIE_SECURE_PROXY_SSL_HEADER", "")
SECURE_PROXY_SSL_HEADER: tuple[str, str] | None = None
if _proxy_ssl_header:
    if len(_proxy_ssl_header) != 2:
        raise ValueError("REGIE_SECURE_PROXY_SSL_HEADER takes two values: HTTP_HEADER_NAME,value")
    SECURE_PROXY_SSL_HEADER = (_proxy_ssl_header[0], _proxy_ssl_header[1])

# Content-Security-Policy (django-csp, docs/decisions/0015-security-headers.md): no inline scripts or
# styles anywhere, so no 'unsafe-inline' and no 'unsafe-eval'. Report-only mode sends the same policy
# as Content-Security-Policy-Report-Only, to try a change without breaking pages.
REGIE_CSP_REPORT_ONLY = env_bool("REGIE_CSP_REPORT_ONLY", False)
_csp_directives: dict[str, list[str]] = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": [SELF, "data:"],
    "font-src": [SELF],
    "connect-src": [SELF],
    "frame-ancestors": [NONE],
    "form-action": [SELF],
    "base-uri": [NONE],
    "object-src": [NONE],
}
if _csp_report_uri := os.environ.get("REGIE_CSP_REPORT_URI", ""):
    _csp_directives["report-uri"] = [_csp_report_uri]
CONTENT_SECURITY_POLICY: dict[str, object] | None = {"DIRECTIVES": _csp_directives}
CONTENT_SECURITY_POLICY_REPORT_ONLY: dict[str, object] | None = None
if REGIE_CSP_REPORT_ONLY:
    CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_REPORT_ONLY = None, CONTENT_SECURITY_POLICY

# Permissions-Policy (django-permissions-policy): Regie uses none of these browser features.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# Background jobs: django-tasks with the database backend, run by `regie worker`.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("REGIE_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Logs carry internal ids only, never names or V-numbers (see docs/decisions/0004-privacy.md).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("REGIE_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# Domain settings.
REGIE_API_CONTACT = {
    "name": os.environ.get("REGIE_API_CONTACT_NAME", "Regie maintainers"),
    "email": os.environ.get("REGIE_API_CONTACT_EMAIL", "regie@example.org"),
    "url": os.environ.get("REGIE_API_CONTACT_URL", "https://regie.example.org"),
}
REGIE_API_SERVER_URL = os.environ.get("REGIE_API_SERVER_URL", "https://regie.example.org/api/v1")

# Signed checkpoints of the audit trail (docs/security/audit-and-backup.md, decision 0017). The keys and
# the checkpoints live outside the database, so whoever can rewrite the database cannot rewrite them.
REGIE_AUDIT_SIGNING_KEY = os.environ.get("REGIE_AUDIT_SIGNING_KEY", "")  # Ed25519 private key (PEM file)
REGIE_AUDIT_VERIFY_KEY = os.environ.get("REGIE_AUDIT_VERIFY_KEY", "")  # public key; else from the private key
REGIE_AUDIT_CHECKPOINT_DIR = Path(os.environ.get("REGIE_AUDIT_CHECKPOINT_DIR", DATA_DIR / "audit-checkpoints"))
# Where `regie backup` writes when no --out is given.
REGIE_BACKUP_DIR = Path(os.environ.get("REGIE_BACKUP_DIR", DATA_DIR / "backups"))
