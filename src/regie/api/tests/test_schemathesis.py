"""The contract: schemathesis cannot break the API that the OpenAPI document describes.

Every operation of the served document is fuzzed through the whole WSGI stack, with data that fits
the document (positive) and data that does not (negative), as a caller of each role and without
credentials. Each answer must be:

- no server error, with a documented status, content type and headers, and a body that fits the
  documented schema (problem documents included);
- for negative data (a request the document says is invalid): refused (`negative_data_rejection`),
  so the document states every constraint the endpoints enforce and no schema-violating request
  gets through (`?on=0` as a date, `false` as a number);
- for positive data (a request the document says is valid): accepted, or refused with one of a small
  set of documented statuses that no schema can avoid: 401 (no caller), 403 (the caller's role may
  not), 404 (the case does not exist or is not visible to the caller; two in three generated case
  ids name a real case), 409 (the case's state or version conflicts), and 400 *only* from a domain
  rule (an unknown referenced id, a date in the future, the facts of the case). A 400 because the
  request did not fit the request schema has its own problem type (`problems/request`), and for
  positive data that is a failure: the document promised something the schema then refused.
- missing required headers, undocumented methods (405 with `Allow`) and ignored credentials
  (`ignored_auth` probes without and with a wrong token) are checked where they apply.

Left out: `use_after_free` and `ensure_resource_availability` follow links between operations in the
stateful phase (a stateless run never deletes and re-reads); `object_level_authorization` needs two
identities in one run (the role tests in each app's test_api cover who may read what);
`max_response_time` would be a timed assertion.

Who sends what:
- An example that fits the document (positive) is sent as the team lead and as the case manager, who
  see different cases; every third one also as each other role and without credentials (their answers
  are mostly 401/403/404, the same code path each time).
- An example that does not fit the document (negative) is refused by the request schema before any
  role is looked at, so it is sent once, by one caller, the callers taking turns (team lead, case
  manager, each other role, no credentials): every caller still meets invalid data. The coverage phase
  generates most examples, and four in five of them are negative: sending each as every caller made
  this file a third of the suite's time without testing anything more.

On PostgreSQL only positive examples are generated. A negative example is refused by the request schema
before any view runs, so it never reaches the database, and the SQLite run sends every one of them; what
the PostgreSQL run is for (lengths and integer ranges the document misses, which SQLite stores and
PostgreSQL refuses with a database error) comes with data the document calls valid. Generating the
negative coverage examples was most of this file's collection, in each worker of each run.
`REGIE_SCHEMATHESIS_NEGATIVE=1` sends them on PostgreSQL too.

`REGIE_SCHEMATHESIS_MAX_EXAMPLES` raises the examples per operation for a deeper run,
`REGIE_SCHEMATHESIS_OTHER_EVERY=1` sends every positive example as every role. Examples are
derandomised, so a run is repeatable.
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
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import (
    allow_header_conformance,
    content_type_conformance,
    ignored_auth,
    missing_required_header,
    negative_data_rejection,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from regie.accounts.choices import Role
from regie.accounts.models import Team, User
from regie.accounts.services import api_token_issue
from regie.api.errors import REQUEST_INVALID_CODE, problem_type
from regie.cases.models import Case
from regie.cases.services import case_assign, case_intake
from regie.core.context import Actor, Channel, system_actor
from regie.testing.fixtures import intake_data

# Statuses with which the API may refuse a request that fits the document (see the module's docstring).
LEGITIMATE_REFUSALS = ["400", "401", "403", "404", "409"]
# Statuses with which the API refuses a request that does not fit the document.
REJECTIONS = ["400", "401", "403", "404", "405"]


def _bodiless_file_part(case: Any) -> bool:
    """An empty file part, which werkzeug (schemathesis' WSGI transport) writes as a part with headers and
    no body. RFC 2046 allows that, but Django's multipart parser drops such a part, so the endpoint hears
    no file and answers that `file` is required. Browsers, curl and requests write an empty file with an
    empty line, which Django reads; the endpoint then refuses the empty file naming `file`
    (documents/tests/test_api.py). Django's limitation, not a constraint the document hides."""
    value = case.body.get("file") if isinstance(case.body, dict) else None
    return getattr(value, "data", value) in (b"", "")


def rules_refuse_only_what_the_schema_accepts(ctx: Any, response: Any, case: Any) -> bool | None:
    """A request the document calls valid may be refused by a domain rule (400 `problems/validation`),
    never by the request schema (400 `problems/request`): that would be a constraint the document hides."""
    if case.meta is None or not case.meta.generation.mode.is_positive or response.status_code != 400:
        return None
    if _bodiless_file_part(case):
        return None
    kind = (response.json() or {}).get("type")
    assert kind != problem_type(REQUEST_INVALID_CODE), (
        f"The document accepts this request, the request schema refused it: {response.json().get('detail')} "
        f"(generated body: {case.body!r:.300})"
    )
    return None


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    rules_refuse_only_what_the_schema_accepts,
    missing_required_header,
    unsupported_method,
    allow_header_conformance,
    ignored_auth,
]

# Per operation (both generation modes together); the environment raises them for a deeper run. Every
# OTHER_EVERY-th positive example is also sent as each of the other roles and without credentials.
MAX_EXAMPLES = int(os.environ.get("REGIE_SCHEMATHESIS_MAX_EXAMPLES", "8"))
OTHER_EVERY = int(os.environ.get("REGIE_SCHEMATHESIS_OTHER_EVERY", "3"))


def _modes() -> list[GenerationMode]:
    """Both modes on SQLite; on PostgreSQL positive data only, unless asked (see the module's docstring)."""
    from django.db import connection

    if connection.vendor == "sqlite" or os.environ.get("REGIE_SCHEMATHESIS_NEGATIVE") == "1":
        return [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
    return [GenerationMode.POSITIVE]


def _load_schema() -> Any:
    config = schemathesis.Config()
    project = config.projects.default
    project.generation.update(max_examples=MAX_EXAMPLES, deterministic=True, modes=_modes())
    project.checks.positive_data_acceptance.expected_statuses = ["2xx", *LEGITIMATE_REFUSALS]
    project.checks.negative_data_rejection.expected_statuses = REJECTIONS
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
def cases(team_lead: User, case_manager: User, team: Team, partner: User) -> list[Case]:
    """Three cases of `team`, the first assigned to `case_manager`, with basic support referred to the
    partner's organisation (so the partner has a case to read)."""
    from regie.support.services import support_grant_apply, support_grant_refer

    lead = Actor(user=team_lead, channel=Channel.WEB)
    opened = [case_intake(actor=lead, data=intake_data()).case for _ in range(3)]
    opened[0] = case_assign(actor=lead, case=opened[0], team=team, assigned_to=case_manager, expected_version=1)
    manager = Actor(user=case_manager, channel=Channel.WEB)
    grant = support_grant_apply(actor=manager, case=opened[0], programme="basic")
    support_grant_refer(
        actor=manager,
        grant=grant,
        partner=partner.partner_organisation,
        consent_to_share_on=None,
        expected_version=None,
    )
    return opened


DEEP = (Role.TEAM_LEAD, Role.CASE_MANAGER)
OTHERS = (Role.PARTNER, Role.ANALYST, Role.PRIVACY_OFFICER, Role.ADMINISTRATOR, Role.SYSTEM, None)


@pytest.fixture
def tokens(cases: list[Case], partner: User, request: pytest.FixtureRequest) -> dict[str | None, str | None]:
    """A token of a user of each role, and None for the unauthenticated caller."""
    issued: dict[str | None, str | None] = {None: None}
    for role in (*DEEP, *OTHERS):
        if role is not None:
            user = (
                partner
                if role == Role.PARTNER
                else request.getfixturevalue("system_user" if role == Role.SYSTEM else str(role))
            )
            issued[role] = api_token_issue(actor=system_actor(Channel.CLI), user=user, name="schemathesis")
    return issued


def _negative_at(case: Any, location: ParameterLocation) -> bool:
    return case.meta is not None and case.meta.is_negative_at(location)


def _aim(case: Any, cases: list[Case]) -> None:
    """Most generated ids name no case (404, tested as such); aim two in three at real ones. Only a
    valid generated id: replacing an invalid one would turn a request to refuse into a valid one."""
    if case.path_parameters and "caseId" in case.path_parameters and not _negative_at(case, ParameterLocation.PATH):
        digest = hashlib.sha256(str(case.path_parameters["caseId"]).encode()).digest()[0]
        if digest % 3:
            case.path_parameters["caseId"] = str(cases[digest % len(cases)].pk)


def _callers(case: Any, sent: int) -> tuple[Role | None, ...]:
    """Who sends the `sent`-th example of an operation (see the module's docstring)."""
    if case.meta is not None and case.meta.generation.mode.is_negative:
        everyone = DEEP + OTHERS
        return (everyone[sent % len(everyone)],)
    return DEEP + OTHERS if sent % OTHER_EVERY == 0 else DEEP


def _send(case: Any, token: str | None) -> None:
    """Send `case` with `token`; a generated invalid `Authorization` header is sent as generated."""
    generated_auth = _negative_at(case, ParameterLocation.HEADER) and "Authorization" in (case.headers or {})
    headers = {"Authorization": f"Bearer {token}"} if token and not generated_auth else {}
    case.call_and_validate(headers=headers, checks=CHECKS)


@pytest.fixture
def sent() -> list[int]:
    """How many examples this operation's test has sent (hypothesis reuses the fixture across examples)."""
    return [0]


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_the_api_keeps_its_contract_for_every_role(
    case: Any, cases: list[Case], tokens: dict[str | None, str | None], sent: list[int]
) -> None:
    """Each example as the callers `_callers` chooses for it.
    One test per operation rather than per operation and role, because setting up the cases and users
    costs more than a handful of requests."""
    callers = _callers(case, sent[0])
    sent[0] += 1
    _aim(case, cases)
    for role in callers:
        try:
            _send(case, tokens[role])
        except BaseException as exc:
            exc.add_note(f"Caller: {role or 'no credentials'}")
            raise
