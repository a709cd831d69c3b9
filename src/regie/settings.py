"""Regie settings: one module, every value from the environment with a safe documented default.

See docs/operations.md for the full list. `regie check --deploy` fails fast on dangerous values.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
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
    "django_tasks",
    "django_tasks_db",
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
    "regie.deadlines",
    "regie.reports",
    "regie.demo",
    "regie.api",
    "regie.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "regie.core.middleware.RequestIdMiddleware",
    "regie.web.limits.InputLimitsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
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

# Input limits (docs/security/input.md). A request body over REGIE_MAX_BODY_BYTES answers 413 before it is
# read; Django holds what it reads into memory (JSON bodies, form fields) to the same limit. A multipart
# form may add REGIE_MAX_UPLOAD_BYTES of files; files over FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file.
REGIE_MAX_BODY_BYTES = int(os.environ.get("REGIE_MAX_BODY_BYTES", str(5 * 1024 * 1024 // 2)))
REGIE_MAX_UPLOAD_BYTES = int(os.environ.get("REGIE_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = REGIE_MAX_BODY_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024 // 2
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

# Lockout after repeated failed logins (django-axes).
AXES_FAILURE_LIMIT = int(os.environ.get("REGIE_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = int(os.environ.get("REGIE_LOGIN_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_ENABLED = env_bool("REGIE_AXES_ENABLED", True)
# Axes logs usernames; keep personal data out of logs.
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("REGIE_TIME_ZONE", "Europe/Amsterdam")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("REGIE_STATIC_ROOT", DATA_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
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
