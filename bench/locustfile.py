"""Locust users for bench/load.py: people who log in once through the login form, then work.

Started by bench/load.py (`locust -f bench/locustfile.py --headless ...`) with REGIE_LOAD_ACCOUNTS naming a
JSON file: {"password": ..., "mix": "read"|"write"|"both", "wait": seconds, "steady": bool, "accounts":
[{"username", "token", "names", "countries"}, ...]}. Each simulated user takes the next account (round
robin), logs in (GET the form for the CSRF cookie, POST it), fetches the open cases it may see from the
API, then loops over the mix in bench/loadmix.py. With "steady", the statistics are reset once every user
has started (logged in and fetched its list): the figures are the steady state, without the burst of
16 logins (a password hash each) queueing in front of the first requests. A request answered with another status than expected is a failure in locust's
statistics (and bench/load.py fails loudly on any).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import sys
from pathlib import Path
from typing import Any

from locust import HttpUser, between, constant, task
from locust.clients import HttpSession
from locust.exception import StopUser

sys.path.insert(0, str(Path(__file__).resolve().parent))
import loadmix

CONFIG: dict[str, Any] = json.loads(Path(os.environ["REGIE_LOAD_ACCOUNTS"]).read_text())
_next_account = itertools.count()
_started = itertools.count(1)


class Caseworker(HttpUser):
    wait_time = constant(0) if not CONFIG.get("wait") else between(0, 2 * float(CONFIG["wait"]))

    def on_start(self) -> None:
        accounts = CONFIG["accounts"]
        account = accounts[next(_next_account) % len(accounts)]
        self.rng = random.Random()
        self.worker = loadmix.Worker(
            username=account["username"], names=account["names"], countries=account["countries"]
        )
        self.token = account["token"]
        # API calls go through a session of their own: the token, no browser cookies (no CSRF needed).
        self.api = HttpSession(base_url=self.host, request_event=self.environment.events.request, user=self)
        self.api.headers["Authorization"] = f"Bearer {self.token}"
        self.calls = [builder for builder, weight in loadmix.MIXES[CONFIG["mix"]] for _ in range(weight)]

        self.client.get(loadmix.LOGIN, name="login form")
        self.worker.csrf = self.client.cookies.get("csrftoken", "")
        if not self._send(loadmix.login(self.worker.username, CONFIG["password"], self.worker.csrf)):
            raise StopUser
        self.worker.csrf = self.client.cookies.get("csrftoken", "")  # Django rotates it at login
        response = self.api.get(loadmix.cases_for_start().path, name=loadmix.cases_for_start().name)
        if response.status_code == 200:
            self.worker.case_ids = [item["id"] for item in response.json()["items"]]
        if not self.worker.case_ids:
            raise StopUser
        runner = self.environment.runner
        if CONFIG.get("steady") and runner is not None and next(_started) == runner.target_user_count:
            self.environment.stats.reset_all()  # every user has started: measure from here

    def _send(self, call: loadmix.Call) -> bool:
        session = self.api if call.api else self.client
        kwargs: dict[str, Any] = {"name": call.name, "allow_redirects": False, "catch_response": True}
        if call.data is not None:
            kwargs["data"] = call.data
        if call.json is not None:
            kwargs["json"] = call.json
        with session.request(call.method, call.path, **kwargs) as response:
            if response.status_code not in call.ok:
                response.failure(f"{response.status_code} (expected {'/'.join(map(str, call.ok))})")
                return False
            if call.name == "login" and loadmix.LOGIN in response.headers.get("Location", ""):
                response.failure("login refused (redirected back to the login page)")
                return False
            response.success()
            return True

    @task
    def work(self) -> None:
        self._send(self.rng.choice(self.calls)(self.worker, self.rng))
