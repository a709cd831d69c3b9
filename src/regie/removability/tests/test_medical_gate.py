"""Health data to whom it concerns only (issue 10, item 2): a medical postponement (art. 64 Vw), its
ground and its dates, reaches only the assigned case manager and the team lead. A colleague of the team
reads "removal suspended (details restricted)" in the dossier, the removability answer (web and API),
the departure's on-hold reasons, the caseload, the CSV export and the case list."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from regie.accounts.models import Team, User
from regie.cases.models import Case
from regie.core.context import Actor
from regie.removability.services import postponement_record
from regie.testing.fixtures import case_url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]  # 28 November 2026, 10:00


@pytest.fixture
def postponed(make_case: Callable[..., Case], case_manager: User) -> Case:
    case = make_case(target_group="supervision", return_decision_date=dt.date(2026, 10, 1))
    postponement_record(
        actor=Actor(user=case_manager),
        case=case,
        ground="hospital",
        starts_on=dt.date(2026, 11, 20),
        ends_on=dt.date(2026, 12, 15),
    )
    case.refresh_from_db()
    assert case.next_deadline_code == "medical_postponement_end"
    return case


@pytest.fixture
def colleague(make_user: Callable[..., User], team: Team) -> User:
    return make_user("case_manager", team)


def test_a_colleague_reads_only_that_removal_is_suspended(
    postponed: Case, colleague: User, case_manager: User, web_as: Callable[[User], Client], api_as: Callable[..., Any]
) -> None:
    for url in (case_url("cases:dossier", postponed), case_url("removability:page", postponed)):
        page = web_as(colleague).get(url).content.decode()
        assert "15-12-2026" not in page and "Ziekenhuisopname" not in page, url
    assert (
        "Uitzetting opgeschort (details afgeschermd)."
        in web_as(colleague).get(case_url("removability:page", postponed)).content.decode()
    )
    answer = api_as(colleague).get(f"/cases/{postponed.pk}/removability").json()
    assert answer["reasons"][0] == "Uitzetting opgeschort (details afgeschermd)." and answer["postponements"] == []
    mine = api_as(case_manager).get(f"/cases/{postponed.pk}/removability").json()
    assert "15-12-2026" in mine["reasons"][0] and len(mine["postponements"]) == 1


def test_lists_and_exports_keep_the_medical_next_deadline_to_who_may_see_it(
    postponed: Case, colleague: User, case_manager: User, web_as: Callable[[User], Client], api_as: Callable[..., Any]
) -> None:
    caseload = web_as(colleague).get(reverse("cases:caseload"), {"toewijzing": "alle"}).content.decode()
    assert postponed.number in caseload and "Medisch uitstel" not in caseload and "15-12-2026" not in caseload
    assert "termijn (details afgeschermd)" in caseload
    export = web_as(colleague).get(reverse("cases:caseload_export"), {"toewijzing": "alle"})
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    row = next(r for r in rows if r[0] == postponed.number)
    assert "2026-12-15" not in row and "Medisch uitstel eindigt" not in row
    listed = api_as(colleague).get("/cases").json()["items"]
    item = next(i for i in listed if i["number"] == postponed.number)
    assert item["nextDeadline"] is None and item["nextDeadlineCode"] is None
    own = web_as(case_manager).get(reverse("cases:caseload")).content.decode()
    assert "Medisch uitstel eindigt" in own


def test_a_team_lead_reads_medical_facts_of_an_unassigned_case_only_in_its_dossier(
    team_lead: User, web_as: Callable[[User], Client], api_as: Callable[..., Any]
) -> None:
    """Issue 10, item 2: a team lead sees the medical facts of an intake case nobody has yet when they open
    it to assign it (logged with the special-category flag), not in the caseload, worklist or case list."""
    from regie.audit.models import AccessRecord
    from regie.cases.services import case_intake
    from regie.testing.fixtures import intake_data

    case = case_intake(
        actor=Actor(user=team_lead),
        data=intake_data(target_group="supervision", return_decision_date=dt.date(2026, 10, 1)),
    ).case
    assert case.assigned_to_id is None and case.team_id is not None
    postponement_record(
        actor=Actor(user=team_lead),
        case=case,
        ground="hospital",
        starts_on=dt.date(2026, 11, 20),
        ends_on=dt.date(2026, 11, 30),
    )
    case.refresh_from_db()
    assert case.next_deadline_code == "medical_postponement_end"
    lead = web_as(team_lead)
    caseload = lead.get(reverse("cases:caseload"), {"toewijzing": "alle"}).content.decode()
    assert case.number in caseload and "Medisch uitstel" not in caseload and "30-11-2026" not in caseload
    worklist = lead.get(reverse("deadlines:worklist")).content.decode()
    assert "Nieuw medisch advies" not in worklist
    item = next(i for i in api_as(team_lead).get("/cases").json()["items"] if i["number"] == case.number)
    assert item["nextDeadline"] is None
    AccessRecord.objects.all().delete()
    dossier = lead.get(case_url("cases:dossier", case)).content.decode()
    assert "30-11-2026" in dossier
    assert AccessRecord.objects.filter(user=team_lead, special_categories=True).exists()
