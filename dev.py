#!/usr/bin/env python3
"""Regie on a fresh machine, with nothing but Python 3.11+ and the system package managers.

    python3 dev.py run                 install (when needed), migrate, load demo data, serve on $PORT (8000)
    python3 dev.py test [pytest args]  install test tools, lint, type-check, pytest on SQLite then PostgreSQL
    python3 dev.py lock                regenerate requirements/run.lock and test.lock in throwaway venvs
    python3 dev.py messages            regenerate the translation catalogues (makemessages) and compile them

Standard library only, so it runs before anything is installed (docs/decisions/0002-bootstrap.md).
Environment: PORT (run), REGIE_TEST_POSTGRES_URL and REGIE_REQUIRE_POSTGRES=1 (test).
"""

from __future__ import annotations

import hashlib
import os
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / "bin"
PY = BIN / "python"
REQ = ROOT / "requirements"
NODE_DIR = ROOT / "tools" / "node"
CHROMIUM = "/usr/bin/chromium"
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/postgres"


class StageFailed(Exception):
    """A step failed; the message names the command and, where known, the fix."""


def say(message: str) -> None:
    print(message, flush=True)


def header(title: str) -> None:
    say(f"\n==> {title}")


def venv_env(**extra: str) -> dict[str, str]:
    """The caller's environment with the venv first on PATH, so subprocesses find `regie` and tools."""
    env = {**os.environ, "VIRTUAL_ENV": str(VENV), "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("PYTHONHOME", None)
    env.update(extra)
    return env


def sh(*cmd: object, env: dict[str, str] | None = None) -> int:
    """Run a command in the repo root, its output straight to the terminal; return its exit code."""
    args = [str(c) for c in cmd]
    say("$ " + shlex.join(args))
    try:
        return subprocess.call(args, cwd=ROOT, env=env)
    except FileNotFoundError:
        say(f"command not found: {args[0]}")
        return 127


def must(*cmd: object, env: dict[str, str] | None = None) -> None:
    rc = sh(*cmd, env=env)
    if rc:
        raise StageFailed(f"`{shlex.join(str(c) for c in cmd)}` exited with {rc}")


def digest(*files: Path) -> str:
    h = hashlib.sha256()
    for f in files:
        h.update(f.read_bytes())
    return h.hexdigest()


def ensure_venv(lock_name: str) -> str | None:
    """Create .venv if missing; install requirements/<lock_name>.lock and regie (editable), unless the
    lock and pyproject.toml are unchanged since the last success (stamp in .venv; delete .venv to reset).
    """
    lock = REQ / f"{lock_name}.lock"
    if not lock.exists():
        raise StageFailed(f"{lock.relative_to(ROOT)} is missing; create it with: python3 dev.py lock")
    if not PY.exists():
        must(sys.executable, "-m", "venv", VENV)
    stamp = VENV / f".regie-{lock_name}-installed"
    wanted = digest(lock, ROOT / "pyproject.toml")
    if stamp.exists() and stamp.read_text() == wanted:
        say(f"{lock.relative_to(ROOT)} and pyproject.toml unchanged since the last install: pip skipped")
        return "ok (up to date)"
    say(f"installing {lock.relative_to(ROOT)} into .venv (a minute or two on a fresh machine)")
    pip = [PY, "-m", "pip", "--disable-pip-version-check", "install", "--quiet"]
    must(*pip, "-r", lock, env=venv_env())
    must(*pip, "--no-deps", "-e", ROOT, env=venv_env())
    stamp.write_text(wanted)
    return None


def apt_install(packages: list[str], what: str) -> None:
    """Install Debian packages as root, or through passwordless sudo; otherwise say what to run."""
    shown = f"apt-get update && apt-get install -y {' '.join(packages)}"
    if os.geteuid() == 0:
        prefix: list[str] = []
    elif shutil.which("sudo") and subprocess.call(["sudo", "-n", "true"], stderr=subprocess.DEVNULL) == 0:
        prefix = ["sudo", "-n"]
    else:
        raise StageFailed(f"{what} is missing and this user cannot install it; as root run: {shown}")
    if not shutil.which("apt-get"):
        raise StageFailed(f"{what} is missing and apt-get is not available; on Debian run: {shown}")
    say(f"{what} is missing: installing Debian package(s) {', '.join(packages)}")
    apt = [*prefix, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get"]
    if sh(*apt, "update") or sh(*apt, "install", "-y", *packages):
        raise StageFailed(f"could not install {what}; as root run: {shown}")


def ensure_gettext() -> str | None:
    """GNU gettext (xgettext, msgmerge, msgfmt): Django's makemessages and compilemessages need it."""
    if shutil.which("msgfmt") and shutil.which("xgettext"):
        say("GNU gettext present")
        return None
    apt_install(["gettext"], "GNU gettext (msgfmt, xgettext)")
    return "ok (installed)"


# The catalogues: generated by makemessages from the code (never edited by hand beyond the msgstr
# translations), compiled by compilemessages. Run in src/regie, so each app with a locale/ folder keeps
# its own catalogue and every other string goes to src/regie/locale (settings.LOCALE_PATHS).
SRC = ROOT / "src"
MAKEMESSAGES = [
    "makemessages",
    "-l",
    "en",
    "--no-obsolete",
    "--add-location",
    "file",
    "-i",
    "*/tests/*",
    "-i",
    "demo/*",
]


def _catalogues(base: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(base)): p.read_bytes()
        for p in sorted(base.rglob("locale/*/LC_MESSAGES/django.[pm]o"))
        if "node_modules" not in p.parts
    }


def _without_dates(po: bytes) -> bytes:
    return b"\n".join(line for line in po.split(b"\n") if not line.startswith(b'"POT-Creation-Date:'))


def messages(src: Path) -> None:
    """makemessages and compilemessages for the copy of Regie under `src` (PYTHONPATH points there)."""
    env = venv_env(DJANGO_SETTINGS_MODULE="regie.settings", PYTHONPATH=str(src))
    for command in (MAKEMESSAGES, ["compilemessages", "--ignore", "node_modules"]):
        say("$ django-admin " + shlex.join(command))
        done = subprocess.run(
            [PY, "-m", "django", *command], cwd=src / "regie", env=env, capture_output=True, text=True
        )
        if done.returncode:
            raise StageFailed(f"django-admin {command[0]} failed: {done.stderr.strip()[-2000:]}")


def check_messages() -> None:
    """The catalogues are what makemessages makes from the code now (a test checks every msgid is translated)."""
    with tempfile.TemporaryDirectory(prefix="regie-messages-") as tmp:
        copy = Path(tmp) / "src"
        shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        messages(copy)
        now, made = _catalogues(SRC), _catalogues(copy)
    stale = sorted(
        name
        for name in now.keys() | made.keys()
        if name.endswith(".po") and _without_dates(now.get(name, b"")) != _without_dates(made.get(name, b""))
    )
    if stale:
        raise StageFailed(
            f"translation catalogue(s) not as makemessages makes them: {', '.join(stale)}; "
            "run `python3 dev.py messages`, translate the new msgids, run it again and commit"
        )


def cmd_messages() -> int:
    try:
        ensure_venv("test")
        ensure_gettext()
        messages(SRC)
    except StageFailed as exc:
        say(f"FAILED: {exc}")
        return 1
    say("catalogues regenerated and compiled: translate any new msgid (empty msgstr), then run this again")
    return 0


def ensure_chromium() -> str | None:
    if Path(CHROMIUM).exists():
        say(f"{CHROMIUM} present")
        return None
    apt_install(["chromium"], f"Debian's Chromium ({CHROMIUM})")
    if not Path(CHROMIUM).exists():
        raise StageFailed(f"`apt-get install chromium` finished but {CHROMIUM} does not exist")
    return "ok (installed)"


def ensure_node_tools() -> str | None:
    """Spectral and axe-core from tools/node/package-lock.json; `npm ci` only when the lock changed."""
    if not (shutil.which("node") and shutil.which("npm")):
        apt_install(["nodejs", "npm"], "Node.js and npm")
    stamp = NODE_DIR / "node_modules" / ".regie-installed"
    wanted = digest(NODE_DIR / "package-lock.json")
    if stamp.exists() and stamp.read_text() == wanted:
        say("tools/node/package-lock.json unchanged since the last `npm ci`: skipped")
        return "ok (up to date)"
    # SCARF_ANALYTICS: a dependency's install script would otherwise try to phone home.
    env = {**os.environ, "SCARF_ANALYTICS": "false", "DO_NOT_TRACK": "1"}
    must("npm", "ci", "--prefix", NODE_DIR, "--no-audit", "--no-fund", env=env)
    must(NODE_DIR / "node_modules" / ".bin" / "spectral", "--version")
    stamp.write_text(wanted)
    return None


def lint() -> None:
    paths = [p for p in ("src", "bench") if (ROOT / p).is_dir()]
    must(BIN / "ruff", "check", *paths)
    must(BIN / "ruff", "format", "--check", *paths)


def pytest(args: list[str], database_url: str | None) -> None:
    env = venv_env(REGIE_CHROMIUM=CHROMIUM, REGIE_NODE_TOOLS=str(NODE_DIR / "node_modules"))
    env.pop("DATABASE_URL", None)  # the SQLite run must not pick up a DATABASE_URL from the shell
    if database_url:
        env["DATABASE_URL"] = database_url
    # Two workers (pytest-xdist) unless the caller chose: the suite is CPU-bound and CI has two cores.
    workers = (
        []
        if any(a == "-n" or a.startswith("-n") or a.startswith("--numprocesses") for a in args)
        else ["-n", str(min(2, os.cpu_count() or 1))]
    )
    # The ten slowest tests in every run, so a test that grows slow is seen before CI's limit is.
    durations = [] if any(a.startswith("--durations") for a in args) else ["--durations=10"]
    rc = sh(PY, "-m", "pytest", *workers, *durations, *args, env=env)
    if rc == 5:
        raise StageFailed("pytest collected no tests (exit 5)")
    if rc:
        raise StageFailed(f"pytest exited with {rc}")


def postgres_problem(url: str) -> str | None:
    """None when a psycopg connection to `url` succeeds within a few seconds, else what went wrong."""
    parts = urllib.parse.urlsplit(url)
    where = f"{parts.hostname or '127.0.0.1'}:{parts.port or 5432}"
    try:
        socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 5432), timeout=2).close()
    except OSError:
        return f"PostgreSQL not reachable at {where}"
    probe = "import sys, psycopg; psycopg.connect(sys.argv[1], connect_timeout=2).close()"
    try:
        done = subprocess.run([PY, "-c", probe, url], capture_output=True, text=True, timeout=15)
    except subprocess.TimeoutExpired:
        return f"PostgreSQL at {where} accepted TCP but did not answer"
    if done.returncode:
        last = (done.stderr.strip().splitlines() or ["unknown error"])[-1]
        return f"PostgreSQL at {where} refused the connection ({last})"
    return None


def pytest_postgres(args: list[str]) -> str | None:
    url = os.environ.get("REGIE_TEST_POSTGRES_URL", DEFAULT_PG_URL)
    problem = postgres_problem(url)
    if problem is None:
        pytest(args, database_url=url)
        return None
    if os.environ.get("REGIE_REQUIRE_POSTGRES") == "1":
        raise StageFailed(f"{problem}, and REGIE_REQUIRE_POSTGRES=1 requires the PostgreSQL run")
    say(f"{problem}: skipped the PostgreSQL run (SQLite run only)")
    return "skipped"


def run_stages(stages: list[tuple[str, Callable[[], str | None]]]) -> int:
    """Run stages in order, stop at the first failure, and end with one line per stage and its time."""
    results: list[tuple[str, str, float | None]] = []
    failed = False
    started = time.monotonic()
    for name, stage in stages:
        if failed:
            results.append((name, "not run", None))
            continue
        header(name)
        begun = time.monotonic()
        try:
            status = stage() or "ok"
        except StageFailed as exc:
            say(f"FAILED [{name}]: {exc}")
            status, failed = "FAILED", True
        results.append((name, status, time.monotonic() - begun))
        say(f"--- {name}: {status} in {clock(time.monotonic() - begun)}")
    header("summary")
    for name, status, seconds in results:
        say(f"  {name:<22} {status:<20} {clock(seconds) if seconds is not None else ''}")
    say(f"  {'total':<22} {'':<20} {clock(time.monotonic() - started)}")
    return 1 if failed else 0


def clock(seconds: float) -> str:
    """Seconds as m:ss (what a person compares with CI's limit)."""
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d} ({seconds:.0f} s)"


def cmd_test(args: list[str]) -> int:
    return run_stages(
        [
            ("python environment", lambda: ensure_venv("test")),
            ("chromium", ensure_chromium),
            ("node tools", ensure_node_tools),
            ("ruff", lint),
            ("mypy", lambda: must(BIN / "mypy", env=venv_env())),
            ("import contracts", lambda: must(BIN / "lint-imports", "--no-cache", env=venv_env())),
            ("gettext", ensure_gettext),
            ("translations", check_messages),
            ("pytest (SQLite)", lambda: pytest(args, database_url=None)),
            ("pytest (PostgreSQL)", lambda: pytest_postgres(args)),
        ]
    )


def cmd_run() -> int:
    port = os.environ.get("PORT", "8000")
    if not port.isdigit():
        say(f"PORT must be a number, got {port!r}")
        return 2
    regie = BIN / "regie"
    env = venv_env()
    # The demo's synthetic accounts log in with a password only; production asks for a second factor.
    env.setdefault("REGIE_MFA_REQUIRED", "false")
    try:
        header("python environment")
        ensure_venv("run")
        header("database and demo data")
        must(regie, "migrate", "--noinput", env=env)
        must(regie, "demo", "--cases", "2000", "--seed", "1", "--if-empty", "--fast", env=env)
        must(regie, "collectstatic", "--noinput", "--verbosity", "0", env=env)
    except StageFailed as exc:
        say(f"FAILED: {exc}")
        return 1
    mfa = env["REGIE_MFA_REQUIRED"].strip().lower() in {"1", "true", "yes", "on"}
    say(
        f"\nRegie: http://127.0.0.1:{port}/   (Ctrl+C stops it)\n"
        + (
            "Second factor (MFA) is on: each account sets up an authenticator app at its first login.\n"
            if mfa
            else "Demo: second factor (MFA) is off (REGIE_MFA_REQUIRED=false); production keeps it on.\n"
        )
    )
    os.execve(regie, [str(regie), "runserver", f"127.0.0.1:{port}", "--noreload"], env)  # noqa: S606


def freeze(venv: Path, *requirements: object) -> list[str]:
    """Install into a new venv and return its `pip freeze` (regie itself is never installed there)."""
    must(sys.executable, "-m", "venv", venv)
    python = venv / "bin" / "python"
    must(python, "-m", "pip", "--disable-pip-version-check", "install", "--quiet", *requirements)
    out = subprocess.run(
        [python, "-m", "pip", "freeze", "--exclude-editable"], check=True, capture_output=True, text=True
    ).stdout
    return [line for line in out.splitlines() if line and not line.lower().startswith(("regie==", "-e "))]


def write_lock(name: str, pins: list[str]) -> None:
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    head = [
        f"# Pinned {name} dependencies of Regie, resolved from requirements/{name}.in for CPython {version}.",
        "# Do not edit by hand; regenerate both lock files with: python3 dev.py lock",
    ]
    (REQ / f"{name}.lock").write_text("\n".join(head + pins) + "\n")
    say(f"wrote requirements/{name}.lock ({len(pins)} packages)")


def cmd_lock() -> int:
    try:
        with tempfile.TemporaryDirectory(prefix="regie-lock-") as tmp:
            header("resolving requirements/run.in")
            write_lock("run", freeze(Path(tmp) / "run", "-r", REQ / "run.in"))
            header("resolving requirements/test.in (shared packages pinned as in run.lock)")
            write_lock("test", freeze(Path(tmp) / "test", "-r", REQ / "test.in", "-c", REQ / "run.lock"))
    except (StageFailed, subprocess.CalledProcessError) as exc:
        say(f"FAILED: {exc}")
        return 1
    return 0


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 - this script may be started by an older python3
        say("Regie needs Python 3.11 or newer")
        return 2
    command, rest = (argv[0], argv[1:]) if argv else ("", [])
    if command == "test":
        return cmd_test(rest)
    if command in ("run", "lock", "messages") and not rest:
        return {"run": cmd_run, "lock": cmd_lock, "messages": cmd_messages}[command]()
    say(__doc__ or "")
    return 0 if command in ("-h", "--help", "help") else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
