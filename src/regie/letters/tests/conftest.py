"""Letters fixtures: a case whose dossier fills every letter, recorded through the process apps' services,
(the PDFs go to a storage folder of the test's own: src/regie/conftest.py)."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable

import pytest
from django.utils import timezone

from regie.accounts.models import User
from regie.cases.models import Case
from regie.core.context import Actor
from regie.testing.fixtures import plan_forced_flight
from regie.travel_documents.models import LpRequest

TODAY = dt.date(2026, 11, 28)


@pytest.fixture
def now() -> dt.datetime:
    return dt.datetime(2026, 11, 28, 10, 0)


@pytest.fixture(autouse=True)
def _today(frozen: dt.datetime) -> None:
    """Every letters test runs on 28 November 2026 (the letter's date, the template in force)."""


@pytest.fixture
def case(make_case: Callable[..., Case]) -> Case:
    """A Syrian man, Mohammed Haddad, Arabic speaker, assigned to `case_manager`."""
    return make_case(given_names="Mohammed", family_name="Haddad")


@pytest.fixture
def full_dossier(case: Case, case_manager: User, team_lead: User) -> Case:
    """`case` with every fact a letter names: a planned interview, a departure plan, a sent LP request,
    a reporting duty, a VBL placement, basic support granted and reintegration support refused, and a
    planned forced departure."""
    from regie.interviews.services import departure_plan_update, interview_plan
    from regie.measures.services import reporting_duty_impose, vbl_place
    from regie.support.services import support_grant_apply, support_grant_reject

    worker, lead = Actor(user=case_manager), Actor(user=team_lead)
    interview_plan(
        actor=worker,
        case=case,
        planned_at=timezone.make_aware(dt.datetime(2026, 12, 3, 10, 30)),
        place="Kantoor Zevenaar (voorbeeld)",
    )
    departure_plan_update(
        actor=worker,
        case=case,
        strategy="Zelfstandig vertrek naar Syrië met ondersteuning.",
        next_steps="LP-aanvraag ondertekenen; ticket regelen.",
        expected_version=None,
    )
    LpRequest.objects.create(
        case=case, country="SY", status="sent", prepared_on=TODAY, sent_on=TODAY, created_by=case_manager
    )
    reporting_duty_impose(
        actor=worker, case=case, starts_on=TODAY, frequency="wekelijks op maandag", location="Politiebureau Zevenaar"
    )
    vbl_place(actor=worker, case=case, location="VBL Ter Apel", starts_on=TODAY)
    support_grant_apply(actor=worker, case=case, programme="basic")
    waiting = support_grant_apply(actor=worker, case=case, programme="reintegration")
    support_grant_reject(actor=lead, grant=waiting, expected_version=waiting.version, reason="Geen herintegratieplan.")
    case.refresh_from_db()
    plan_forced_flight(case_manager, case, timezone.make_aware(dt.datetime(2026, 12, 10, 7, 45)))
    case.refresh_from_db()
    return case


def pdf_text(content: bytes, *, fold: bool = True) -> str:
    """The text of a PDF as pypdf extracts it, white space folded unless `fold` is false (then lines
    break where the layout does)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", text) if fold else text
