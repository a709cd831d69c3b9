"""API test helpers: a JSON client that authenticates with a bearer token, and tokens for users."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from regie.accounts.models import User
from regie.accounts.services import api_token_issue
from regie.cases.models import Case
from regie.cases.services import case_intake
from regie.conftest import intake_data
from regie.core.context import Actor, Channel, system_actor


class ApiClient:
    """Calls /api/v1 with a bearer token (or none) and JSON bodies."""

    def __init__(self, token: str | None = None, **headers: str) -> None:
        self.client = Client()
        self.headers = dict(headers)
        if token:
            self.headers["Authorization"] = f"Bearer {token}"

    def request(self, method: str, path: str, body: Any = None, **headers: str) -> Any:
        kwargs: dict[str, Any] = {"headers": {**self.headers, **headers}}
        if body is not None and method != "GET":
            kwargs["data"] = json.dumps(body)
            kwargs["content_type"] = "application/json"
        return getattr(self.client, method.lower())("/api/v1" + path, **kwargs)

    def get(self, path: str, **headers: str) -> Any:
        return self.request("GET", path, **headers)

    def post(self, path: str, body: Any = None, **headers: str) -> Any:
        return self.request("POST", path, body, **headers)

    def patch(self, path: str, body: Any = None, **headers: str) -> Any:
        return self.request("PATCH", path, body, **headers)


@pytest.fixture
def issue_token(db: Any) -> Callable[[User], str]:
    def issue(user: User) -> str:
        return api_token_issue(actor=system_actor(Channel.CLI), user=user, name=f"test {user.username}")

    return issue


@pytest.fixture
def api_as(issue_token: Callable[[User], str]) -> Callable[..., ApiClient]:
    def make(user: User | None = None, **headers: str) -> ApiClient:
        return ApiClient(issue_token(user) if user is not None else None, **headers)

    return make


@pytest.fixture
def open_case(db: Any) -> Callable[..., Case]:
    """A case opened by `by` (a case manager or team lead of the team it lands in)."""

    def make(by: User, **overrides: Any) -> Case:
        return case_intake(actor=Actor(user=by, channel=Channel.WEB), data=intake_data(**overrides)).case

    return make
