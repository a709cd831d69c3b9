"""`regie serve`: gunicorn with Regie's settings, refusing an unsafe configuration, serving pages and hashed
static files (after `collectstatic`) with a long cache time."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from regie.operations.server import ACCESS_LOG_FORMAT, MAX_DEFAULT_WORKERS, ServerOptions, default_workers

ONE_YEAR_AND_MORE = 365 * 24 * 3600


def test_default_workers_follow_the_cpus_and_are_capped() -> None:
    assert default_workers(1) == 3
    assert default_workers(2) == 5
    assert default_workers(64) == MAX_DEFAULT_WORKERS


def test_the_access_log_has_no_query_string_address_or_agent() -> None:
    assert "%(U)s" in ACCESS_LOG_FORMAT
    for personal in ("%(r)s", "%(q)s", "%(h)s", "%(a)s", "%(f)s", "%(u)s"):
        assert personal not in ACCESS_LOG_FORMAT


def test_options_are_checked() -> None:
    with pytest.raises(ValueError, match="--workers"):
        ServerOptions.build(bind="127.0.0.1:8000", workers=0, threads=1, timeout=30, graceful_timeout=30)
    options = ServerOptions.build(bind="127.0.0.1:8000", workers=None, threads=4, timeout=30, graceful_timeout=10)
    config = options.gunicorn_config()
    assert config["workers"] == default_workers() and config["worker_class"] == "gthread"
    assert config["graceful_timeout"] == 10 and config["control_socket_disable"] is True


@pytest.mark.django_db
def test_serve_refuses_a_configuration_that_fails_the_deploy_checks() -> None:
    # The test settings use the development key, no HTTPS and no second factor.
    with pytest.raises(CommandError, match=r"regie\.E001"):
        call_command("serve", "--bind", "127.0.0.1:1")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_env(tmp_path: Path, static_root: Path) -> dict[str, str]:
    """Point the server at the test database this test runs on, and at the collected static files."""
    env = dict(os.environ, REGIE_DATA_DIR=str(tmp_path), REGIE_STATIC_ROOT=str(static_root), REGIE_DEBUG="false")
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        env["REGIE_SQLITE_PATH"] = db["NAME"]
        env.pop("DATABASE_URL", None)
    else:
        user, host, port = db["USER"], db["HOST"] or "127.0.0.1", db["PORT"] or 5432
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        env["DATABASE_URL"] = f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"
    return env


def get(url: str) -> tuple[int, dict[str, str], str]:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (a local http URL)
        return response.status, dict(response.headers), response.read().decode("utf-8", "replace")


def wait_until_up(url: str, server: subprocess.Popen[str]) -> None:
    for _ in range(300):  # a bound on polls, not a timed assertion: a stuck server fails the test
        if server.poll() is not None:
            raise AssertionError(f"regie serve exited early:\n{server.communicate()[0][-3000:]}")
        try:
            get(url)
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    raise AssertionError("regie serve did not answer")


@pytest.mark.django_db
def test_serve_answers_pages_and_hashed_static_files(settings: Any, tmp_path: Path) -> None:
    static_root = tmp_path / "static"
    settings.STATIC_ROOT = static_root
    # Only Regie's own files (the admin's and the API docs' would only make this slower); regie.css uses the
    # letters' Arabic face.
    call_command(
        "collectstatic",
        interactive=False,
        verbosity=0,
        ignore_patterns=["admin", "ninja", "django_otp", "otp_totp"],
    )
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    hashed_css = manifest["regie/regie.css"]
    assert hashed_css != "regie/regie.css" and (static_root / f"{hashed_css}.gz").exists()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "regie.cli", "serve", "--insecure-dev", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=server_env(tmp_path, static_root),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        login = reverse("web:login")
        wait_until_up(f"{base}{login}", server)
        status, _, page = get(f"{base}{login}?probe=not-in-the-log")
        assert status == 200
        # The page links the hashed name, which is cached for good; the plain name only briefly.
        assert f"/static/{hashed_css}" in page
        status, headers, body = get(f"{base}/static/{hashed_css}")
        assert status == 200 and body.startswith((static_root / hashed_css).read_text(encoding="utf-8")[:100])
        cache = headers["Cache-Control"]
        assert "immutable" in cache and int(re.search(r"max-age=(\d+)", cache)[1]) > ONE_YEAR_AND_MORE  # type: ignore[index]
        _, headers, _ = get(f"{base}/static/regie/regie.css")
        assert "immutable" not in headers["Cache-Control"]
    finally:
        server.send_signal(signal.SIGTERM)
        log, _ = server.communicate(timeout=60)
    assert server.returncode == 0, log[-3000:]
    assert f'"GET {login} HTTP/1.1" 200' in log
    assert "not-in-the-log" not in log
