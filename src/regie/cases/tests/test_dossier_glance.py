"""The dossier at a glance: a summary at the top (phase, next actionable deadline, removable now?,
measures, travel document, support, case manager), links to its sections, a phase change that
preselects nothing and asks for confirmation, and a timeline that says what changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from regie.accounts.models import Team, User
from regie.cases.models import Case
from regie.cases.services import case_assign
from regie.core.context import Actor
from regie.measures.services import reporting_duty_impose
from regie.removability.services import postponement_record
from regie.testing.fixtures import case_url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]  # 28 November 2026, 10:00


def test_the_summary_says_where_the_case_stands(
    make_case: Callable[..., Case], case_manager: User, web_as: Callable[[User], Client]
) -> None:
    case = make_case(target_group="supervision", return_decision_date=dt.date(2026, 11, 20))
    reporting_duty_impose(
        actor=Actor(user=case_manager),
        case=case,
        starts_on=dt.date(2026, 11, 27),
        frequency="wekelijks",
        location="AVIM",
    )
    page = web_as(case_manager).get(case_url("cases:dossier", case)).content.decode()
    summary = page[page.index('class="regie-summary"') : page.index('class="regie-page-nav"')]
    for text in ("Vertrektermijn eindigt", "Nu verwijderbaar", "nee (geen reisdocument)", "Meldplicht", "Reisdocument"):
        assert text in summary, text
    assert case_manager.display_name in summary
    assert 'href="#h-maatregelen"' in page and 'href="#h-tijdlijn"' in page and 'id="h-maatregelen"' in page


def test_the_summary_never_names_a_medical_ground(
    make_case: Callable[..., Case],
    case_manager: User,
    team_lead: User,
    make_user: Callable[..., User],
    team: Team,
    web_as: Callable[[User], Client],
) -> None:
    case = make_case(target_group="supervision", return_decision_date=dt.date(2026, 11, 20))
    postponement_record(
        actor=Actor(user=case_manager),
        case=case,
        ground="hospital",
        starts_on=dt.date(2026, 11, 1),
        ends_on=dt.date(2027, 2, 1),
        bma_reference="BMA-1",
    )
    colleague = make_user("case_manager", team)
    page = web_as(colleague).get(case_url("cases:dossier", case)).content.decode()
    summary = page[page.index('class="regie-summary"') : page.index('class="regie-page-nav"')]
    assert "uitzetting opgeschort" in summary and "art. 64" not in summary and "medisch" not in summary.lower()


def test_a_phase_change_preselects_nothing_and_asks_for_confirmation(
    make_case: Callable[..., Case], case_manager: User, web_as: Callable[[User], Client]
) -> None:
    case = make_case()
    client = web_as(case_manager)
    page = client.get(case_url("cases:dossier", case)).content.decode()
    assert '<option value="" selected>Kies…</option>' in page
    unconfirmed = client.post(
        reverse("cases:transition", kwargs={"case_id": case.pk}),
        {"fase-version": case.version, "fase-phase": "in_progress"},
    )
    assert unconfirmed.status_code == 400 and "Bevestig dat u de fase wilt wijzigen." in unconfirmed.content.decode()
    case.refresh_from_db()
    assert case.phase == "intake"


def test_the_timeline_says_what_changed(
    make_case: Callable[..., Case],
    case_manager: User,
    team_lead: User,
    make_user: Callable[..., User],
    team: Team,
    web_as: Callable[[User], Client],
) -> None:
    case = make_case()
    colleague = make_user("case_manager", team, first_name="Noor", last_name="Visser")
    case_assign(actor=Actor(user=team_lead), case=case, team=team, assigned_to=colleague, expected_version=None)
    page = web_as(team_lead).get(case_url("cases:dossier", case)).content.decode()
    assert f"regievoerder {case_manager.display_name} → {colleague.display_name}" in page


def test_appointments_at_the_embassy_or_the_court_are_planned_on_the_dossier_and_in_the_agenda(
    make_case: Callable[..., Case], case_manager: User, web_as: Callable[[User], Client], api_as: Callable[..., Any]
) -> None:
    import datetime as dt

    from regie.deadlines.selectors import agenda_for

    case = make_case()
    client = web_as(case_manager)
    posted = client.post(
        reverse("cases:appointment_plan", kwargs={"case_id": case.pk}),
        {"afspraak-kind": "embassy", "afspraak-at": "2026-12-01T10:30", "afspraak-place": "Ambassade van Eritrea"},
    )
    assert posted.status_code == 302
    refused = client.post(
        reverse("cases:appointment_plan", kwargs={"case_id": case.pk}),
        {"afspraak-kind": "court", "afspraak-at": "2026-11-01T10:30"},
    )
    assert refused.status_code == 400  # not in the past
    week = agenda_for(user=case_manager, start=dt.date(2026, 11, 30), days=7)
    assert [(i.what, i.where) for i in week[dt.date(2026, 12, 1)]] == [
        ("Presentatie op de ambassade", "Ambassade van Eritrea")
    ]
    created = api_as(case_manager).post(
        f"/cases/{case.pk}/appointments", {"kind": "court", "at": "2026-12-03T09:00:00+01:00", "place": "Rechtbank"}
    )
    assert created.status_code == 201
    cancelled = api_as(case_manager).post(f"/cases/{case.pk}/appointments/{created.json()['id']}/cancellation")
    assert cancelled.status_code == 200 and cancelled.json()["cancelledAt"]
    assert "Ambassade van Eritrea" in client.get(case_url("cases:dossier", case)).content.decode()
