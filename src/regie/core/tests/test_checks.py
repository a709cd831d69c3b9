from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from regie.core.checks import regie_deploy_checks

SRC = Path(__file__).resolve().parents[3]
GOOD_KEY = "q7Vd2-Lx9mWf_Tz4Kp8Rb1Nc6Hs3Yg0Je5Ua-Oi7Ew2Qr9Ty4Ui1Op6As3Df8Gh"


@pytest.fixture
def production(settings: Any) -> Any:
    """A deploy configuration that passes every check: the baseline each test breaks one thing of."""
    settings.SECRET_KEY = GOOD_KEY
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["regie.example.org"]
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_SSL_REDIRECT = False
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.MFA_REQUIRED = True
    settings.AXES_ENABLED = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    return settings


def deploy_problems() -> list[Any]:
    """The deploy checks' findings, less the warning about SQLite (the suite also runs on SQLite)."""
    return [p for p in regie_deploy_checks() if p.id != "regie.W001"]


def ids(problems: list[Any]) -> set[str]:
    return {p.id for p in problems}


def test_deploy_checks_pass_on_a_production_configuration(production: Any) -> None:
    assert deploy_problems() == []


def test_sqlite_in_production_is_a_warning(production: Any) -> None:
    production.DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3"}}
    problems = regie_deploy_checks()
    assert ids(problems) == {"regie.W001"} and not any(p.is_serious() for p in problems)


@pytest.mark.parametrize(
    ("setting", "value", "error"),
    [
        ("SECRET_KEY", settings.INSECURE_DEFAULT_SECRET_KEY, "regie.E001"),
        ("SECRET_KEY", GOOD_KEY[:49], "regie.E006"),
        ("SECRET_KEY", "abcd" * 20, "regie.E006"),
        ("ALLOWED_HOSTS", ["regie.example.org", "*"], "regie.E007"),
        ("DEBUG", True, "regie.E002"),
        ("SESSION_COOKIE_SECURE", False, "regie.E003"),
        ("CSRF_COOKIE_SECURE", False, "regie.E008"),
        ("SECURE_HSTS_SECONDS", 0, "regie.E009"),
        ("SECURE_PROXY_SSL_HEADER", None, "regie.E010"),
        ("MFA_REQUIRED", False, "regie.E011"),
        ("AXES_ENABLED", False, "regie.E004"),
    ],
)
def test_each_dangerous_setting_is_an_error(production: Any, setting: str, value: Any, error: str) -> None:
    setattr(production, setting, value)
    problems = deploy_problems()
    assert ids(problems) == {error}
    assert all(p.is_serious() for p in problems)


def test_mfa_missing_as_a_setting_counts_as_off(production: Any) -> None:
    del production.MFA_REQUIRED
    assert ids(deploy_problems()) == {"regie.E011"}


def test_an_ssl_redirect_is_enough_without_a_proxy_header(production: Any) -> None:
    production.SECURE_PROXY_SSL_HEADER = None
    production.SECURE_SSL_REDIRECT = True
    assert deploy_problems() == []


def test_a_report_only_csp_is_a_warning(production: Any) -> None:
    production.REGIE_CSP_REPORT_ONLY = True
    problems = deploy_problems()
    assert ids(problems) == {"regie.W003"} and not any(p.is_serious() for p in problems)


def test_argon2_is_the_configured_hasher() -> None:
    from regie import settings as module

    assert module.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert settings.AUTH_USER_MODEL == "accounts.User"


# -- the command and the environment, in a process of their own ------------------------------------------
PRODUCTION_ENV = {
    "REGIE_SECRET_KEY": GOOD_KEY,
    "REGIE_ALLOWED_HOSTS": "regie.example.org",
    "REGIE_SECURE_COOKIES": "true",
    "REGIE_HSTS_SECONDS": "31536000",
    "REGIE_SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
}


def regie(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    # Settings of their own: MFA_REQUIRED comes from the MFA work; here it is set like production would.
    (tmp_path / "deploy_settings.py").write_text("from regie.settings import *  # noqa\nMFA_REQUIRED = True\n")
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("REGIE_") and key not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment |= {
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(SRC)]),
        "DJANGO_SETTINGS_MODULE": "deploy_settings",
        "REGIE_DATA_DIR": str(tmp_path),
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "regie.cli", *args],
        env=environment,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_exits_0_on_a_production_environment(tmp_path: Path) -> None:
    result = regie(tmp_path, "check", "--deploy", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    # An empty (unmigrated) database cannot be searched for demo accounts: a warning, not a failure.
    assert "regie.W002" in result.stderr and "regie.E" not in result.stderr


def test_check_deploy_exits_1_on_allowed_hosts_star(tmp_path: Path) -> None:
    result = regie(tmp_path, "check", "--deploy", **{**PRODUCTION_ENV, "REGIE_ALLOWED_HOSTS": "*"})
    assert result.returncode == 1
    assert "regie.E007" in result.stderr


def test_the_environment_sets_hsts_proxy_and_report_only(tmp_path: Path) -> None:
    env = {
        "REGIE_HSTS_SECONDS": "600",
        "REGIE_HSTS_INCLUDE_SUBDOMAINS": "true",
        "REGIE_HSTS_PRELOAD": "true",
        "REGIE_SSL_REDIRECT": "true",
        "REGIE_SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
        "REGIE_CSP_REPORT_ONLY": "true",
        "REGIE_CSP_REPORT_URI": "/csp-reports/",
    }
    names = (
        "SECURE_HSTS_SECONDS SECURE_HSTS_INCLUDE_SUBDOMAINS SECURE_HSTS_PRELOAD SECURE_SSL_REDIRECT "
        "SECURE_PROXY_SSL_HEADER CONTENT_SECURITY_POLICY CONTENT_SECURITY_POLICY_REPORT_ONLY"
    )
    result = regie(tmp_path, "diffsettings", "--all", **env)
    assert result.returncode == 0, result.stderr
    # diffsettings marks a setting that differs from Django's default with "###".
    lines = {
        line.split(" = ")[0]: line.split(" = ", 1)[1].removesuffix("###").strip()
        for line in result.stdout.splitlines()
        if " = " in line
    }
    shown = {name: lines[name] for name in names.split()}
    assert shown["SECURE_HSTS_SECONDS"] == "600"
    assert shown["SECURE_HSTS_INCLUDE_SUBDOMAINS"] == shown["SECURE_HSTS_PRELOAD"] == "True"
    assert shown["SECURE_SSL_REDIRECT"] == "True"
    assert shown["SECURE_PROXY_SSL_HEADER"] == "('HTTP_X_FORWARDED_PROTO', 'https')"
    assert shown["CONTENT_SECURITY_POLICY"] == "None"
    assert "'report-uri': ['/csp-reports/']" in shown["CONTENT_SECURITY_POLICY_REPORT_ONLY"]
