"""The production web server: gunicorn, started from `regie serve` with Regie's settings.

gunicorn runs in this process (its arbiter forks the workers); the application is Django's WSGI handler,
loaded once per worker. The access log leaves out query strings, addresses, user agents and referrers:
Regie's paths carry internal ids only, and so does its log (docs/decisions/0004-privacy.md).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from gunicorn.app.base import BaseApplication

# The time, the request line without its query string (%(U)s is the path only), the status, the size, the
# duration in microseconds and the request id Regie hands back: no address, no user agent, no referrer.
ACCESS_LOG_FORMAT = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(D)sus %({x-request-id}o)s'
MAX_DEFAULT_WORKERS = 12


def default_workers(cpus: int | None = None) -> int:
    """gunicorn's rule of thumb, 2 × CPUs + 1, capped: past a dozen the database, not Python, is the limit."""
    cpus = (
        cpus
        if cpus is not None
        else (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
    )
    return min(2 * cpus + 1, MAX_DEFAULT_WORKERS)


@dataclass(frozen=True)
class ServerOptions:
    bind: str
    workers: int
    threads: int
    timeout: int
    graceful_timeout: int

    @classmethod
    def build(
        cls, *, bind: str, workers: int | None, threads: int, timeout: int, graceful_timeout: int
    ) -> ServerOptions:
        workers = workers if workers is not None else default_workers()
        if workers < 1 or threads < 1:
            raise ValueError("--workers and --threads take a number of 1 or more")
        if timeout < 1 or graceful_timeout < 1:
            raise ValueError("--timeout and --graceful-timeout take a number of seconds of 1 or more")
        if not bind.strip():
            raise ValueError("--bind takes HOST:PORT or unix:PATH")
        return cls(bind=bind, workers=workers, threads=threads, timeout=timeout, graceful_timeout=graceful_timeout)

    def gunicorn_config(self) -> dict[str, Any]:
        return {
            "bind": [self.bind],
            "workers": self.workers,
            "threads": self.threads,
            "worker_class": "gthread" if self.threads > 1 else "sync",
            "timeout": self.timeout,
            "graceful_timeout": self.graceful_timeout,
            "accesslog": "-",
            "errorlog": "-",
            "access_log_format": ACCESS_LOG_FORMAT,
            "proc_name": "regie",
            # No control socket (gunicornc): one more way in, and a fixed path that two servers would share.
            "control_socket_disable": True,
            # Bound memory growth in long-running workers: each restarts after this many requests.
            "max_requests": 5000,
            "max_requests_jitter": 500,
        }


class RegieServer(BaseApplication):  # type: ignore[misc]
    def __init__(self, options: ServerOptions) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.gunicorn_config().items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from regie.wsgi import application

        return application


def server_run(options: ServerOptions) -> None:
    """Run until stopped (SIGTERM or SIGINT: graceful; SIGHUP: reload the workers)."""
    RegieServer(options).run()
