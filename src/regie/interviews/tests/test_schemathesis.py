"""Fuzz the interviews operations with schemathesis, as regie.api's own run does for the whole API.

The document comes from this app's test URLconf (the real API class with this router mounted), so the
run works before and after the router is registered in regie.api.api. Ids in paths are aimed at a real
case and a real planned interview two times in three; the rest must answer 404 as documented.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test.utils import override_settings
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from regie.accounts.models import User
from regie.accounts.services import api_token_issue
from regie.cases.models import Case
from regie.core.context import Actor, Channel, system_actor
from regie.interviews.models import Interview
from regie.interviews.services import interview_plan

from .conftest import NOW

URLCONF = "regie.interviews.tests.urls"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
MAX_EXAMPLES = 20


def _load_schema() -> Any:
    config = schemathesis.Config()
    config.projects.default.generation.update(max_examples=MAX_EXAMPLES, deterministic=True)
    with override_settings(ROOT_URLCONF=URLCONF):
        loaded = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application(), config=config)
    return loaded.include(tag="interviews")


schema = _load_schema()
pytestmark = pytest.mark.urls(URLCONF)


@pytest.fixture(autouse=True)
def _keep_test_transaction(db: Any) -> Iterator[None]:
    # The WSGI handler would close the test's connection after each request (see regie.api's run).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def target(assigned: Case, case_manager: User) -> tuple[str, Case, Interview]:
    interview = interview_plan(actor=Actor(user=case_manager), case=assigned, planned_at=NOW)
    token = api_token_issue(actor=system_actor(Channel.CLI), user=case_manager, name="schemathesis")
    return token, assigned, interview


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_interviews_api_conforms_to_its_document(case: Any, target: tuple[str, Case, Interview]) -> None:
    token, real_case, interview = target
    params = case.path_parameters or {}
    if "caseId" in params:
        digest = hashlib.sha256(str(params).encode()).digest()[0]
        if digest % 3:
            params["caseId"] = str(real_case.pk)
            if "interviewId" in params:
                params["interviewId"] = str(interview.pk)
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
