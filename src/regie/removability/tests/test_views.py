"""The removability page and dossier section through Django's test client, with ordinary roles."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from regie.accounts.models import Team, User
from regie.audit.models import AccessRecord, AuditEvent
from regie.cases.models import Case
from regie.core.context import Actor
from regie.removability import selectors, services
from regie.removability.models import MedicalPostponement, PendingProcedure
from regie.testing.fixtures import case_url, logged_in

NOW = dt.datetime(2026, 5, 4, 10, 0)
pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at(NOW)]


@pytest.fixture
def case(make_case: Callable[..., Case]) -> Case:
    """A case of `team` assigned to `case_manager` (shared `make_case`)."""
    return make_case(return_decision_date=dt.date(2026, 3, 2))


def test_page_requires_login_and_visibility(client: Client, case: Case, other_case_manager: User) -> None:
    response = client.get(case_url("removability:page", case))
    assert response.status_code == 302 and response["Location"].startswith(reverse("web:login"))
    assert logged_in(other_case_manager).get(case_url("removability:page", case)).status_code == 404
    assert not AccessRecord.objects.exists()


def test_page_shows_the_answer_and_logs_the_read(case: Case, case_manager: User) -> None:
    response = logged_in(case_manager).get(case_url("removability:page", case))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Niet uitzetbaar op 04-05-2026" in body and "Geen geldig reisdocument" in body
    assert 'name="procedure-kind"' in body and 'name="uitstel-ground"' in body
    assert not re.search(r"<(input|select|textarea)[^>]*\srequired[\s>]", body)
    (record,) = AccessRecord.objects.all()
    assert record.person_id == case.person_id and record.case_id == case.pk


def test_record_a_procedure_and_end_it(case: Case, case_manager: User) -> None:
    client = logged_in(case_manager)
    response = client.post(
        case_url("removability:procedure_record", case),
        {
            "procedure-kind": "appeal",
            "procedure-suspensive": "on",
            "procedure-starts_on": "2026-04-01",
            "procedure-reference": "AWB 26/1",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:dossier", kwargs={"case_id": case.pk}) + "#verwijderbaarheid"
    procedure = PendingProcedure.objects.get()
    assert (
        procedure.suspensive
        and AuditEvent.objects.filter(event_type="removability.procedure_recorded", channel="web").exists()
    )
    page = client.get(case_url("removability:page", case)).content.decode()
    assert "Procedure met schorsende werking loopt: Beroep (sinds 01-04-2026)." in page
    prefix = f"einde-{procedure.pk.hex[:8]}"
    assert f'name="{prefix}-ends_on"' in page
    end = case_url("removability:procedure_end", case, procedure_id=procedure.pk)
    assert (
        client.post(end, {f"{prefix}-ends_on": "2026-04-30", f"{prefix}-outcome_note": "ongegrond"}).status_code == 302
    )
    again = client.post(end, {f"{prefix}-ends_on": "2026-05-01"})
    assert again.status_code == 409
    assert "Deze procedure is al beëindigd." in again.content.decode()


def test_errors_appear_next_to_the_field(case: Case, case_manager: User) -> None:
    response = logged_in(case_manager).post(
        case_url("removability:procedure_record", case),
        {"procedure-kind": "appeal", "procedure-starts_on": "2026-06-01"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="id_procedure-starts_on-error"' in body and 'aria-invalid="true"' in body
    assert "Gestart op: De datum ligt in de toekomst." in body
    assert not PendingProcedure.objects.exists()


def test_pregnancy_postponement_through_the_form(case: Case, case_manager: User) -> None:
    client = logged_in(case_manager)
    response = client.post(
        case_url("removability:postponement_record", case),
        {"uitstel-ground": "pregnancy", "uitstel-expected_birth_on": "2026-06-15"},
    )
    assert response.status_code == 302
    post = MedicalPostponement.objects.get()
    assert (post.starts_on, post.ends_on) == (dt.date(2026, 5, 4), dt.date(2026, 7, 27))
    refused = client.post(
        case_url("removability:postponement_record", case),
        {"uitstel-ground": "hospital", "uitstel-starts_on": "2026-05-01", "uitstel-ends_on": "2027-05-02"},
    )
    assert refused.status_code == 400
    assert "Tot en met: Uitstel van vertrek duurt ten hoogste een jaar" in refused.content.decode()
    prefix = f"eerder-{post.pk.hex[:8]}"
    early = client.post(
        case_url("removability:postponement_end_early", case, postponement_id=post.pk),
        {f"{prefix}-ended_early_on": "2026-06-30"},
    )
    assert early.status_code == 302
    assert MedicalPostponement.objects.get().ended_early_on == dt.date(2026, 6, 30)


def test_colleague_sees_no_ground_and_may_not_record_a_postponement(
    case: Case, case_manager: User, make_user: Callable[..., User], team: Team
) -> None:
    services.postponement_record(
        actor=Actor(user=case_manager),
        case=case,
        ground="tuberculosis",
        starts_on=dt.date(2026, 5, 1),
        ends_on=dt.date(2026, 8, 1),
    )
    colleague = logged_in(make_user("case_manager", team))
    page = colleague.get(case_url("removability:page", case)).content.decode()
    # A postponement is health data, its dates too: the colleague reads only that removal is suspended.
    assert "Tuberculose" not in page and "01-08-2026" not in page and "01-05-2026" not in page
    assert "Uitzetting opgeschort (details afgeschermd)." in page
    assert 'name="uitstel-ground"' not in page and 'name="procedure-kind"' in page
    response = colleague.post(
        case_url("removability:postponement_record", case),
        {"uitstel-ground": "hospital", "uitstel-starts_on": "2026-05-01", "uitstel-ends_on": "2026-06-01"},
    )
    assert response.status_code == 403
    assert MedicalPostponement.objects.count() == 1


def test_dossier_section_partial(case: Case, case_manager: User, team_lead: User) -> None:
    services.procedure_record(
        actor=Actor(user=case_manager), case=case, kind="new_asylum", suspensive=True, starts_on=dt.date(2026, 4, 1)
    )
    section = selectors.removability_dossier_section(user=team_lead, case=case)
    html = render_to_string("removability/_dossier_section.html", {"section": section})
    assert 'id="verwijderbaarheid"' in html and "Nieuwe asielaanvraag" in html
    assert case_url("removability:page", case) in html and "Procedures en uitstel vastleggen" in html
