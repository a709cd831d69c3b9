"""Fuzz every operation of the generated OpenAPI document with schemathesis (stateless).

The schema is loaded from the running Django application (WSGI), and each generated request goes
through the whole stack as a team lead with a few cases. Every answer must be no server error, have
a documented status, content type and headers, and a body that fits the documented schema (problem
documents included). Examples are bounded and derandomised so the run is quick and repeatable.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from regie.accounts.models import Team, User
from regie.accounts.services import api_token_issue
from regie.cases.models import Case
from regie.cases.services import case_assign, case_intake
from regie.core.context import Actor, Channel, system_actor
from regie.testing.fixtures import intake_data

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# Per operation and generation mode; REGIE_SCHEMATHESIS_MAX_EXAMPLES raises it for a deeper run.
MAX_EXAMPLES = int(os.environ.get("REGIE_SCHEMATHESIS_MAX_EXAMPLES", "25"))


def _load_schema() -> Any:
    config = schemathesis.Config()
    config.projects.default.generation.update(max_examples=MAX_EXAMPLES, deterministic=True)
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application(), config=config)


# Loaded at collection (reading the document touches no database), so each operation is its own
# test item. (`schemathesis.pytest.from_fixture` does not work with pytest 9.2.)
schema = _load_schema()


@pytest.fixture(autouse=True)
def _keep_test_transaction(db: Any) -> Iterator[None]:
    # The WSGI handler closes "old" connections at the end of each request, which would end the
    # test's transaction; Django's own test client disconnects the same signal handlers.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def caseload(team_lead: User, case_manager: User, team: Team) -> tuple[str, list[Case]]:
    """A team lead's token and a few cases, one of them assigned."""
    lead = Actor(user=team_lead, channel=Channel.WEB)
    cases = [case_intake(actor=lead, data=intake_data()).case for _ in range(3)]
    cases[0] = case_assign(actor=lead, case=cases[0], team=team, assigned_to=case_manager, expected_version=1)
    token = api_token_issue(actor=system_actor(Channel.CLI), user=team_lead, name="schemathesis")
    return token, cases


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_conforms_to_its_document(case: Any, caseload: tuple[str, list[Case]]) -> None:
    token, cases = caseload
    if case.path_parameters and "caseId" in case.path_parameters:
        # Most generated ids name no case (404, tested as such); aim two in three at real ones.
        digest = hashlib.sha256(str(case.path_parameters["caseId"]).encode()).digest()[0]
        if digest % 3:
            case.path_parameters["caseId"] = str(cases[digest % len(cases)].pk)
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
