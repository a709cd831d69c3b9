"""The interview pages through Django's test client, with ordinary roles (never superusers)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from regie.accounts.models import User
from regie.audit.choices import AccessPurpose, EventType
from regie.audit.models import AccessRecord, AuditEvent
from regie.cases.models import Case
from regie.core.context import Actor
from regie.interviews import selectors
from regie.interviews.domain import CheckInput
from regie.interviews.models import CircumstanceCheck, DeparturePlanVersion, Interview
from regie.interviews.services import departure_plan_update, interview_plan, interview_record
from regie.testing.fixtures import logged_in

from .conftest import NOW, all_checks

pytestmark = [pytest.mark.django_db]


def _record_post(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "held_at": "2026-12-01T10:30",
        "participants": "regievoerder, tolk",
        "summary": "Gesprek over terugkeer (synthetisch).",
        "stance": "partly",
        "place": "Ter Apel",
        "interpreter_language": "TI",
        "interpreter_name": "",
    }
    for c in ("medical", "trafficking", "minors", "vulnerability"):
        data[f"{c}_result"] = "not_present"
        data[f"{c}_note"] = ""
    data.update(overrides)
    return data


def test_pages_require_login(client: Client, assigned: Case) -> None:
    for name in ("interviews:plan", "interviews:record", "interviews:departure_plan"):
        response = client.get(reverse(name, kwargs={"case_id": assigned.pk}))
        assert response.status_code == 302 and response["Location"].startswith(reverse("web:login"))


def test_plan_an_interview(assigned: Case, case_manager: User) -> None:
    client = logged_in(case_manager)
    url = reverse("interviews:plan", kwargs={"case_id": assigned.pk})
    page = client.get(url)
    assert page.status_code == 200 and "Vertrekgesprek plannen" in page.content.decode()
    assert AccessRecord.objects.filter(person_id=assigned.person_id, purpose=AccessPurpose.DOSSIER_VIEW).count() == 1
    response = client.post(
        url,
        {"planned_at": "2026-12-04T09:00", "place": "Ter Apel", "interpreter_language": "AR", "interpreter_name": ""},
    )
    assert response.status_code == 302 and response["Location"].endswith("#vertrekgesprekken")
    interview = Interview.objects.get()
    assert interview.interpreter_language == "ar" and interview.status == "planned"
    assert AuditEvent.objects.filter(event_type=EventType.INTERVIEW_PLANNED, channel="web").count() == 1


def test_plan_errors_show_next_to_the_field(assigned: Case, case_manager: User) -> None:
    response = logged_in(case_manager).post(
        reverse("interviews:plan", kwargs={"case_id": assigned.pk}),
        {"planned_at": "2026-11-01T09:00", "place": "", "interpreter_language": "", "interpreter_name": "Tolk B"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_planned_at-error"' in html and 'id="id_interpreter_language-error"' in html
    assert 'aria-invalid="true"' in html and "Tolk B" in html  # kept in the field, not echoed in the message
    assert "Geef de taal waarin de tolk vertaalt." in html
    assert not Interview.objects.exists()


def test_record_a_planned_interview(assigned: Case, case_manager: User) -> None:
    planned = interview_plan(actor=Actor(user=case_manager), case=assigned, planned_at=NOW, place="Ter Apel")
    client = logged_in(case_manager)
    url = reverse("interviews:record_planned", kwargs={"case_id": assigned.pk, "interview_id": planned.pk})
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and 'name="version" value="1"' in html and 'value="Ter Apel"' in html
    assert "verplicht vast te leggen" in html
    response = client.post(url, _record_post(version="1", minors_result="not_checked"))
    assert response.status_code == 302, response.content.decode()[:2000]
    planned.refresh_from_db()
    assert planned.status == "held" and planned.interpreter_language == "ti" and planned.version == 2
    assert CircumstanceCheck.objects.filter(interview=planned).count() == 4


def test_record_refusals_name_each_field(assigned: Case, case_manager: User) -> None:
    url = reverse("interviews:record", kwargs={"case_id": assigned.pk})
    response = logged_in(case_manager).post(
        url, _record_post(stance="", trafficking_result="", vulnerability_result="", vulnerability_note="x" * 10)
    )
    assert response.status_code == 400
    html = response.content.decode()
    for field in ("stance", "trafficking_result", "vulnerability_result"):
        assert f'id="id_{field}-error"' in html, field
    assert "Leg de houding van de persoon vast" in html and "Er zijn 3 fouten in het formulier" in html
    assert not Interview.objects.exists()


def test_a_stale_planned_interview_keeps_the_input(assigned: Case, case_manager: User) -> None:
    planned = interview_plan(actor=Actor(user=case_manager), case=assigned, planned_at=NOW)
    Interview.objects.filter(pk=planned.pk).update(version=5)  # someone else changed it meanwhile
    url = reverse("interviews:record_planned", kwargs={"case_id": assigned.pk, "interview_id": planned.pk})
    response = logged_in(case_manager).post(url, _record_post(version="1", summary="Mijn verslag"))
    assert response.status_code == 409
    html = response.content.decode()
    assert "Iemand anders heeft dit gesprek intussen gewijzigd" in html and "Mijn verslag" in html
    assert 'name="version" value="5"' in html
    without_version = logged_in(case_manager).post(url, _record_post())
    assert without_version.status_code == 400 and Interview.objects.get().status == "planned"


def test_cancel_and_no_show_from_the_dossier(assigned: Case, case_manager: User) -> None:
    first = interview_plan(actor=Actor(user=case_manager), case=assigned, planned_at=NOW + dt.timedelta(days=1))
    second = interview_plan(actor=Actor(user=case_manager), case=assigned, planned_at=NOW + dt.timedelta(days=2))
    client = logged_in(case_manager)
    for interview, reason in ((first, "cancelled"), (second, "no_show")):
        url = reverse("interviews:end", kwargs={"case_id": assigned.pk, "interview_id": interview.pk})
        response = client.post(url, {"reason": reason, "version": "1"})
        assert response.status_code == 302
        interview.refresh_from_db()
        assert interview.status == reason
    again = client.post(
        reverse("interviews:end", kwargs={"case_id": assigned.pk, "interview_id": first.pk}),
        {"reason": "no_show", "version": "2"},
        follow=True,
    )
    assert "kan niet meer worden gewijzigd" in again.content.decode()
    assert (
        client.get(reverse("interviews:end", kwargs={"case_id": assigned.pk, "interview_id": first.pk})).status_code
        == 405
    )


def test_other_roles_cannot_reach_or_change(
    assigned: Case, case_manager: User, other_case_manager: User, analyst: User, make_user: Any, team: Any
) -> None:
    planned = interview_plan(actor=Actor(user=case_manager), case=assigned, planned_at=NOW)
    for user in (other_case_manager, analyst):
        client = logged_in(user)
        assert client.get(reverse("interviews:plan", kwargs={"case_id": assigned.pk})).status_code == 404
        end = reverse("interviews:end", kwargs={"case_id": assigned.pk, "interview_id": planned.pk})
        assert client.post(end, {"reason": "cancelled", "version": "1"}).status_code == 404
    # A colleague of the same team (not assigned) reads the plan page; as a case worker of the team, may write it.
    colleague = make_user("case_manager", team)
    assert (
        logged_in(colleague).get(reverse("interviews:departure_plan", kwargs={"case_id": assigned.pk})).status_code
        == 200
    )
    assert Interview.objects.get().status == "planned"


def test_departure_plan_page_versions_and_conflict(assigned: Case, case_manager: User, team_lead: User) -> None:
    url = reverse("interviews:departure_plan", kwargs={"case_id": assigned.pk})
    client = logged_in(case_manager)
    page = client.get(url)
    assert page.status_code == 200 and "Nog geen vertrekplan." in page.content.decode()
    assert 'name="version" value="0"' in page.content.decode()
    created = client.post(
        url, {"version": "0", "strategy": "Zelfstandig vertrek met IOM", "next_steps": "", "change_note": ""}
    )
    assert created.status_code == 302
    # The team lead writes version 2 while the case manager still has version 1 open.
    departure_plan_update(
        actor=Actor(user=team_lead),
        case=assigned,
        strategy="Gedwongen vertrek",
        change_note="Werkt niet mee",
        expected_version=1,
    )
    stale = client.post(
        url, {"version": "1", "strategy": "Mijn nieuwe strategie", "next_steps": "", "change_note": "x"}
    )
    assert stale.status_code == 409
    html = stale.content.decode()
    assert "Iemand anders heeft het vertrekplan intussen gewijzigd" in html and "Mijn nieuwe strategie" in html
    assert 'name="version" value="2"' in html and DeparturePlanVersion.objects.count() == 2
    missing_note = client.post(url, {"version": "2", "strategy": "Anders", "next_steps": "", "change_note": ""})
    assert missing_note.status_code == 400 and 'id="id_change_note-error"' in missing_note.content.decode()
    history = client.get(url).content.decode()
    assert "Versie 2" in history and "Versie 1" in history and team_lead.display_name in history


def test_dossier_section_renders_for_each_role(assigned: Case, case_manager: User, make_user: Any, team: Any) -> None:
    interview_record(
        actor=Actor(user=case_manager),
        case=assigned,
        held_at=NOW - dt.timedelta(days=1),
        summary="Eerste gesprek (synthetisch).",
        stance="does_not",
        checks={
            **all_checks(),
            "medical": CheckInput("present", "synthetische klacht"),
            "minors": CheckInput("not_checked"),
        },
    )
    interview_plan(actor=Actor(user=case_manager), case=assigned, planned_at=NOW + dt.timedelta(days=3))
    section = selectors.interviews_dossier_section(user=case_manager, case=assigned)
    html = render_to_string("interviews/_dossier_section.html", {"section": section})
    assert "Bijzondere omstandigheden niet nagevraagd" in html and "Minderjarigen" in html
    assert "synthetische klacht" in html and "Verslag vastleggen" in html and "Werkt niet mee" in html
    colleague = make_user("case_manager", team)
    hidden = render_to_string(
        "interviews/_dossier_section.html",
        {"section": selectors.interviews_dossier_section(user=colleague, case=assigned)},
    )
    assert "synthetische klacht" not in hidden and "Alleen zichtbaar voor de toegewezen" in hidden
    assert "Minderjarigen" in hidden  # that a check is missing is no special-category data


def test_pages_speak_english_on_request(assigned: Case, case_manager: User) -> None:
    client = logged_in(case_manager)
    url = reverse("interviews:record", kwargs={"case_id": assigned.pk})
    response = client.post(url, _record_post(stance=""), headers={"Accept-Language": "en"})
    html = response.content.decode()
    assert response.status_code == 400 and "Record a departure interview" in html
    assert "Record the person&#x27;s stance" in html and "Medical circumstances" in html


# Recording an interview that was not planned (PostgreSQL 24 in this test, SQLite fewer): the session, the user,
# their teams, the case and its access record; the case again, locked; the earlier interviews' times (the
# rank); the interview and its checks; the deadline facts (each process app's table once) and the deadlines
# written again; what counts from the last action; the chain's lock, head and record; in a test the
# service's savepoint and its release. It took 29 before 2026-12-01: the database was asked again for the
# table's check and the new key's uniqueness, which the service's own validation had settled; and 25 until
# the deadlines' refresh stopped locking the case row the service had already locked.
INTERVIEW_WRITE_MAX = 24


@pytest.mark.usefixtures("frozen")
def test_recording_an_interview_takes_a_bounded_number_of_statements(
    assigned: Case, case_manager: User, django_assert_max_num_queries: Any
) -> None:
    client = logged_in(case_manager)
    url = reverse("interviews:record", kwargs={"case_id": assigned.pk})
    assert client.post(url, _record_post(held_at="2026-11-27T10:30")).status_code == 302  # warm, as at work
    with django_assert_max_num_queries(INTERVIEW_WRITE_MAX):
        response = client.post(url, _record_post(held_at="2026-11-28T09:00"))
    assert response.status_code == 302
    assert Interview.objects.filter(case=assigned, status="held").count() == 2
