from __future__ import annotations

from django.conf import settings

from regie.core.checks import regie_deploy_checks


def test_deploy_checks_flag_dangerous_defaults(settings) -> None:
    settings.SECRET_KEY = settings.INSECURE_DEFAULT_SECRET_KEY
    settings.DEBUG = True
    settings.SESSION_COOKIE_SECURE = False
    ids = {p.id for p in regie_deploy_checks()}
    assert {"regie.E001", "regie.E002", "regie.E003"} <= ids


def test_deploy_checks_pass_on_a_production_configuration(settings) -> None:
    settings.SECRET_KEY = "x" * 64
    settings.DEBUG = False
    settings.SESSION_COOKIE_SECURE = True
    settings.AXES_ENABLED = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    settings.DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql"}}
    assert regie_deploy_checks() == []


def test_argon2_is_the_configured_hasher() -> None:
    from regie import settings as module

    assert module.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert settings.AUTH_USER_MODEL == "accounts.User"
