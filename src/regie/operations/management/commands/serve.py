"""`regie serve`: the production web server (gunicorn) running `regie.wsgi:application`."""

from __future__ import annotations

import os
from typing import Any

from django.core import checks
from django.core.management.base import BaseCommand, CommandError, SystemCheckError
from django.db import connections

from regie.operations.server import ServerOptions, server_run

DEFAULT_BIND = "127.0.0.1:8000"


class Command(BaseCommand):
    help = (
        "Run Regie under gunicorn (regie.wsgi:application) behind a TLS proxy. Refuses to start when "
        "`regie check --deploy` finds an error, unless --insecure-dev. Settings from the options or the "
        "environment: REGIE_BIND (default 127.0.0.1:8000), REGIE_WORKERS (default 2 × CPUs + 1, at most 12), "
        "REGIE_THREADS (default 1), REGIE_TIMEOUT (30 s), REGIE_GRACEFUL_TIMEOUT (30 s)."
    )
    # The deploy checks run in handle(), with their own message; the ordinary ones run there too.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--bind", default=os.environ.get("REGIE_BIND", DEFAULT_BIND), help="HOST:PORT or unix:PATH."
        )
        parser.add_argument(
            "--workers", type=int, default=_env_int("REGIE_WORKERS"), help="Worker processes (default 2 × CPUs + 1)."
        )
        parser.add_argument(
            "--threads", type=int, default=_env_int("REGIE_THREADS") or 1, help="Threads per worker (default 1)."
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=_env_int("REGIE_TIMEOUT") or 30,
            help="Seconds before a silent worker is restarted.",
        )
        parser.add_argument(
            "--graceful-timeout",
            type=int,
            default=_env_int("REGIE_GRACEFUL_TIMEOUT") or 30,
            help="Seconds a worker may finish its requests after a stop or reload signal.",
        )
        parser.add_argument(
            "--insecure-dev",
            action="store_true",
            help="Start even when `regie check --deploy` fails (on a laptop, over plain HTTP; never in production).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            self.check(include_deployment_checks=not options["insecure_dev"], fail_level=checks.ERROR)
        except SystemCheckError as exc:
            raise CommandError(
                f"{exc}\n\n`regie serve` does not start with these problems; fix them (docs/operations.md), "
                "or pass --insecure-dev on a machine that serves nobody else."
            ) from None
        if options["insecure_dev"]:
            self.stderr.write(self.style.WARNING("--insecure-dev: the production checks are skipped."))
        # The checks read the database; the workers are forked and must not share this connection.
        connections.close_all()
        try:
            server_options = ServerOptions.build(
                bind=options["bind"],
                workers=options["workers"],
                threads=options["threads"],
                timeout=options["timeout"],
                graceful_timeout=options["graceful_timeout"],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        server_run(server_options)


def _env_int(name: str) -> int | None:
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise CommandError(f"{name} takes a whole number, not {value!r}") from None
