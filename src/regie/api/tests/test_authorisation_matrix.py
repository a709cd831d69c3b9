"""Every way in, every role, an object of another team (issue 10, "how it is checked"): for every operation in
the OpenAPI document and every web URL pattern that names an object, each role from outside the case's team
gets 403 or 404, the answer holds none of the case's data, and nothing about the case changes. Child objects
are tried both under the foreign case and under a case the caller may see (`/cases/{mine}/grants/{theirs}`).
Lists and searches hold none of the foreign case either; a repeat of another account's intake reveals nothing.

One test walks the whole matrix and reports every cell that fails, so a failure names them all at once.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from regie.accounts.models import Team, User
from regie.api.api import api
from regie.audit.models import AuditEvent
from regie.cases.models import Appointment, Case
from regie.departures.models import Departure
from regie.documents.models import Document
from regie.interviews.models import Interview
from regie.letters.models import Letter
from regie.measures.models import Detention, DetentionProposal, ReportingDuty, VblPlacement
from regie.people.models import DuplicateCandidate, Nationality, Person
from regie.removability.models import MedicalPostponement, PendingProcedure
from regie.support.models import SupportGrant
from regie.testing.fixtures import ApiClient, make_user_of
from regie.travel_documents.models import LpRequest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

DENIED = {403, 404}
# Path parameter -> the model whose row of the foreign case it names.
CHILD_MODELS: dict[str, type[models.Model]] = {
    "interviewId": Interview,
    "lpRequestId": LpRequest,
    "grantId": SupportGrant,
    "reportingDutyId": ReportingDuty,
    "placementId": VblPlacement,
    "proposalId": DetentionProposal,
    "detentionId": Detention,
    "departureId": Departure,
    "appointmentId": Appointment,
    "postponementId": MedicalPostponement,
    "procedureId": PendingProcedure,
    "nationalityId": Nationality,
    "candidateId": DuplicateCandidate,
    "documentId": Document,
    "letterId": Letter,
}


def _value_for(field: models.Field[Any, Any], foreign: Case, owner: User) -> Any:
    if isinstance(field, models.ForeignKey):
        target = field.related_model
        if target is Case:
            return foreign
        if target is Person:
            return foreign.person
        if target is User:
            return owner
        return target._default_manager.first()  # reference data (rules), seeded by the migrations
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    if isinstance(field, models.DateField):
        return dt.date(2026, 11, 20)
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.DecimalField | models.IntegerField):
        return 1
    if isinstance(field, models.JSONField):
        return {}
    if isinstance(field, models.CharField) and field.max_length and field.max_length <= 3:
        return "SYR"[: field.max_length]  # a country or language code
    return "x"


def make_row(model: type[models.Model], foreign: Case, owner: User) -> models.Model:
    """A row of `model` belonging to `foreign`, its required fields filled (the lookups are under test, not
    the rules of creating it)."""
    values: dict[str, Any] = {}
    for field in model._meta.concrete_fields:
        skip = field.primary_key or field.has_default() or field.null or field.blank
        if skip or getattr(field, "auto_now_add", False):
            continue
        if getattr(field, "auto_now", False):
            continue
        value = _value_for(field, foreign, owner)  # type: ignore[arg-type]
        if value is not None:
            values[field.name] = value
    for name in ("case", "person"):
        if any(f.name == name for f in model._meta.concrete_fields) and name not in values:
            values[name] = foreign if name == "case" else foreign.person
    if model is DuplicateCandidate:
        values.update(person=foreign.person, other=foreign.person)
    if model is SupportGrant:
        values.update(amount_cents=1000, cash_cents=600, in_kind_cents=400)
    return model.objects.create(**values)


# --- request bodies from the document ------------------------------------------------------------------------


CANDIDATES = ("SY", "1234567890", "nl", "SYR", "x")


def _text(schema: dict[str, Any], name: str) -> str:
    if name.lower().endswith("country"):
        return "SY"
    if pattern := schema.get("pattern"):
        for candidate in CANDIDATES:
            if re.search(pattern, candidate):
                return candidate
    return "x" * max(int(schema.get("minLength", 1)), 1)


def example(schema: dict[str, Any], doc: dict[str, Any], name: str = "") -> Any:
    """The smallest value the schema accepts (enough to pass validation, so the lookup is what answers)."""
    if "$ref" in schema:
        return example(doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]], doc, name)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [s for s in schema[key] if s.get("type") != "null"]
            return example(options[0], doc, name)
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        wanted = list(schema.get("required", []))
        extra = next((p for p in props if p != "version" and p not in wanted), None)
        if not set(wanted) - {"version"} and extra:  # a change needs at least one field besides the version
            wanted.append(extra)
        return {prop: example(props[prop], doc, prop) for prop in wanted}
    if kind == "array":
        return [example(schema["items"], doc, name)] if schema.get("minItems") else []
    if kind == "integer":
        return max(int(schema.get("minimum", 1)), 1)
    if kind == "number":
        return max(float(schema.get("minimum", 1)), 1.0)
    if kind == "boolean":
        return False
    fmt = schema.get("format")
    if fmt == "date":
        return "2026-11-20"
    if fmt == "date-time":
        return "2026-11-20T10:00:00+01:00"
    if fmt == "uuid":
        return str(uuid.uuid4())
    return _text(schema, name)


def operations() -> Iterator[tuple[str, str, dict[str, Any]]]:
    doc = api.get_openapi_schema()
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            yield method, path, op


def body_for(op: dict[str, Any]) -> Any:
    content = op.get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return None
    return example(content["application/json"]["schema"], api.get_openapi_schema())


def send(client: ApiClient, method: str, url: str, op: dict[str, Any]) -> Any:
    """The request with the smallest valid body: JSON, or a multipart form with a small PDF (an upload)."""
    form = op.get("requestBody", {}).get("content", {}).get("multipart/form-data")
    if form is None:
        return client.request(method.upper(), url, body_for(op))
    data = example(form["schema"], api.get_openapi_schema())
    data["file"] = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    return client.client.post("/api/v1" + url, data, headers=client.headers)


# --- the parties ----------------------------------------------------------------------------------------------


@pytest.fixture
def foreign(make_case: Callable[..., Case], case_manager: User) -> tuple[Case, dict[str, str]]:
    """A case of `team` with a row of every kind a path can name, and the texts that must never leak."""
    case = make_case()
    for model in CHILD_MODELS.values():
        if model is Nationality and case.person.nationalities.exists():
            continue  # the intake recorded one
        make_row(model, case, case_manager)
    person = case.person
    secrets = {case.number, person.family_name, person.v_number}
    return case, {s: s for s in secrets if s and len(s) >= 4}


@pytest.fixture
def outsiders(
    other_team: Team,
    other_case_manager: User,
    partner: User,
    analyst: User,
    privacy_officer: User,
    administrator: User,
    system_user: User,
) -> dict[str, User]:
    return {
        "case_manager": other_case_manager,
        "team_lead": make_user_of("team_lead", other_team),
        "partner": partner,
        "analyst": analyst,
        "privacy_officer": privacy_officer,
        "administrator": administrator,
        "system": system_user,
        # Reads LP requests of every team (their identity fields only), never a dossier.
        "country_specialist": make_user_of("country_specialist"),
    }


@pytest.fixture
def own_case(outsiders: dict[str, User], other_team: Team) -> Case:
    """A case the other team's case manager and team lead may see and work on."""
    from regie.cases.services import case_assign, case_intake
    from regie.core.context import Actor
    from regie.testing.fixtures import intake_data

    lead = outsiders["team_lead"]
    opened = case_intake(actor=Actor(user=lead), data=intake_data()).case
    return case_assign(
        actor=Actor(user=lead),
        case=opened,
        team=other_team,
        assigned_to=outsiders["case_manager"],
        expected_version=opened.version,
    )


def _leaks(text: str, secrets: dict[str, str]) -> list[str]:
    return [s for s in secrets if s in text]


def _fill(path: str, case_id: Any, children: dict[str, str], foreign_case: Case) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "caseId":
            return str(case_id)
        if name in children:
            return children[name]
        if name == "relativeId":
            return str(foreign_case.person_id)
        if name in ("code", "kind"):
            return "nl" if name == "code" else "medical"
        return str(uuid.uuid4())

    return re.sub(r"\{(\w+)\}", value, path)


def test_no_role_reaches_another_teams_case_through_the_api(
    foreign: tuple[Case, dict[str, str]],
    outsiders: dict[str, User],
    own_case: Case,
    api_as: Callable[..., ApiClient],
) -> None:
    case, secrets = foreign
    children = {
        name: str(
            model.objects.filter(
                **({"person": case.person} if model in (Nationality, DuplicateCandidate) else {"case": case})
            ).values_list("pk", flat=True)[0]
        )
        for name, model in CHILD_MODELS.items()
    }
    trail_before = AuditEvent.objects.filter(case_id=case.pk).count()
    failures: list[str] = []
    cells = 0
    for role, user in outsiders.items():
        client = api_as(user)
        for method, path, op in operations():
            names = re.findall(r"\{(\w+)\}", path)
            if "caseId" not in names:
                continue
            variants = [("foreign case", case.pk)]
            if role in ("case_manager", "team_lead") and set(names) & ({*CHILD_MODELS, "relativeId"}):
                variants.append(("own case, foreign child", own_case.pk))
            for label, case_id in variants:
                url = _fill(path, case_id, children, case)
                response = send(client, method, url, op)
                cells += 1
                text = response.content.decode(errors="replace")
                if response.status_code not in DENIED:
                    failures.append(f"{role} {method.upper()} {path} ({label}): {response.status_code} {text[:200]}")
                elif leaked := _leaks(text, secrets):
                    failures.append(f"{role} {method.upper()} {path} ({label}): leaks {leaked}")
    assert cells > 500  # the matrix really ran: 8 roles x every case operation (+ own-case children)
    assert not failures, "\n".join(failures)
    assert AuditEvent.objects.filter(case_id=case.pk).count() == trail_before  # nothing changed, nothing logged as read


def test_lists_searches_and_repeats_hold_no_foreign_case(
    foreign: tuple[Case, dict[str, str]], outsiders: dict[str, User], api_as: Callable[..., ApiClient]
) -> None:
    case, secrets = foreign
    person = case.person
    probes: list[tuple[str, str, Any]] = [
        ("GET", path, None) for method, path, _ in operations() if method == "get" and "{" not in path
    ]
    probes += [
        ("POST", "/persons/search", {"query": person.family_name}),
        ("POST", "/persons/search", {"query": person.v_number}),
        ("POST", "/access-log/search", {"vNumber": person.v_number}),
        ("POST", "/cases", {"source": case.source, "sourceReference": case.source_reference}),
    ]
    failures = []
    for role, user in outsiders.items():
        client = api_as(user)
        for method, path, body in probes:
            if path == "/access-log/search" and role == "privacy_officer":
                continue  # the privacy officer's own task: who saw this person
            response = client.request(method, path, body)
            if response.status_code >= 500:
                failures.append(f"{role} {method} {path}: {response.status_code}")
            elif leaked := _leaks(response.content.decode(errors="replace"), secrets):
                failures.append(f"{role} {method} {path}: {response.status_code} leaks {leaked}")
    assert not failures, "\n".join(failures)


def _case_patterns() -> Iterator[tuple[str, list[str]]]:
    """(URL name, its keyword arguments) of every web route that names a case or a row of one."""

    def walk(patterns: list[Any], namespace: str) -> Iterator[tuple[str, list[str]]]:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace in ("admin",) or str(entry.pattern).startswith("api/"):
                    continue
                yield from walk(entry.url_patterns, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
            elif isinstance(entry, URLPattern) and entry.name:
                kwargs = list(entry.pattern.converters)
                if "case_id" in kwargs:
                    yield f"{namespace}{entry.name}", kwargs

    yield from walk(get_resolver().url_patterns, "")


def test_no_role_reaches_another_teams_case_through_the_web(
    foreign: tuple[Case, dict[str, str]], outsiders: dict[str, User]
) -> None:
    case, secrets = foreign
    routes = list(_case_patterns())
    assert len(routes) > 20
    failures = []
    trail_before = AuditEvent.objects.filter(case_id=case.pk).count()
    for role in ("case_manager", "team_lead", "partner", "analyst", "privacy_officer", "country_specialist"):
        client = Client()
        client.force_login(outsiders[role])
        for name, kwargs in routes:
            values = {k: (case.pk if k == "case_id" else uuid.uuid4()) for k in kwargs}
            url = reverse(name, kwargs=values)
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                if response.status_code == 405:
                    continue
                text = response.content.decode(errors="replace")
                if response.status_code not in DENIED:
                    failures.append(f"{role} {method.upper()} {name}: {response.status_code}")
                elif leaked := _leaks(text, secrets):
                    failures.append(f"{role} {method.upper()} {name}: leaks {leaked}")
    assert not failures, "\n".join(failures)
    assert AuditEvent.objects.filter(case_id=case.pk).count() == trail_before
