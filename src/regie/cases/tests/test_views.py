"""The case pages through Django's test client, with ordinary roles (never superusers)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from regie.accounts.models import Team, User
from regie.audit.models import AccessRecord, AuditEvent
from regie.cases import services
from regie.cases.choices import Phase
from regie.cases.intake import CircumstanceIn, IntakeData, NameIn
from regie.cases.models import Case
from regie.core.context import Actor
from regie.people.models import Person
from regie.testing.fixtures import logged_in

pytestmark = pytest.mark.django_db


def _open(user: User, data: IntakeData) -> Case:
    return services.case_intake(actor=Actor(user=user), data=data).case


def _assign(lead: User, case: Case, to: User | None, team: Team) -> Case:
    return services.case_assign(actor=Actor(user=lead), case=case, team=team, assigned_to=to, expected_version=None)


def _intake_post(**overrides: Any) -> dict[str, Any]:
    """A complete, valid intake form submission; override any field."""
    data: dict[str, Any] = {
        "v_number": "4000000001",
        "family_name": "Tesfaye",
        "given_names": "Selam",
        "birth_day": "",
        "birth_month": "7",
        "birth_year": "1995",
        "place_of_birth": "Asmara",
        "sex": "F",
        "source": "ind",
        "source_reference": "IND-WEB-1",
        "target_group": "rejected_asylum",
        "return_decision_reference": "BES-9",
        "return_decision_date": "2026-11-10",
        "return_decision_authority": "IND",
        "departure_term_days": "28",
        "departure_term_reason": "",
        "current_location": "AZC Ter Apel",
        "medical_background": "",
        "note": "",
        "assignment": "wachtrij",
    }
    for prefix in ("naam", "nationaliteit", "taal"):
        data.update({f"{prefix}-TOTAL_FORMS": "2", f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "10"})
    data.update({"naam-0-kind": "alias", "naam-1-kind": "alias"})
    data.update({"nationaliteit-0-country": "ER", "nationaliteit-0-status": "claimed"})
    data.update({"nationaliteit-1-status": "claimed"})
    data.update({"taal-0-code": "ti", "taal-0-interpreter_needed": "on"})
    data.update(overrides)
    return data


def test_pages_require_login(client: Client) -> None:
    for name in ("cases:caseload", "cases:search", "cases:intake"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("web:login"))


@pytest.mark.frozen_at(dt.datetime(2026, 11, 28, 10, 0))  # the order depends on the day
def test_caseload_shows_only_visible_cases_nearest_deadline_first(
    case_manager: User, other_case_manager: User, team_lead: User, team: Team, make_intake: Callable[..., IntakeData]
) -> None:
    later = _open(case_manager, make_intake(family_name="Later", return_decision_date=dt.date(2026, 11, 20)))
    sooner = _open(case_manager, make_intake(family_name="Eerder", return_decision_date=dt.date(2026, 11, 5)))
    passed = _open(case_manager, make_intake(family_name="Voorbij", return_decision_date=dt.date(2026, 10, 1)))
    hidden = _open(other_case_manager, make_intake(family_name="Anderteam"))
    for case in (later, sooner, passed):
        _assign(team_lead, case, case_manager, team)

    response = logged_in(case_manager).get(reverse("cases:caseload"))

    assert response.status_code == 200
    body = response.content.decode()
    assert sooner.number in body and later.number in body
    assert hidden.number not in body
    # The next thing to do first; a departure term that has passed is a fact, not a task: last.
    assert body.index(sooner.number) < body.index(later.number) < body.index(passed.number)
    # ... and said in words, not only by colour.
    assert "verstreken op" in body and "Vertrektermijn" in body


def test_caseload_filters_and_htmx_fragment(
    case_manager: User, team_lead: User, team: Team, make_intake: Callable[..., IntakeData]
) -> None:
    mine = _open(case_manager, make_intake(source="kmar", target_group="border_refusal"))
    _assign(team_lead, mine, case_manager, team)
    unassigned = _open(case_manager, make_intake())

    client = logged_in(team_lead)
    everything = client.get(reverse("cases:caseload")).content.decode()
    assert mine.number in everything and unassigned.number in everything

    only_unassigned = client.get(reverse("cases:caseload"), {"toewijzing": "niet-toegewezen"}).content.decode()
    assert unassigned.number in only_unassigned and mine.number not in only_unassigned

    fragment = client.get(reverse("cases:caseload"), {"bron": "kmar"}, HTTP_HX_REQUEST="true")
    text = fragment.content.decode()
    assert "<html" not in text
    assert mine.number in text and unassigned.number not in text
    assert "HX-Request" in fragment["Vary"]

    # A case manager sees their own cases by default, the team's on request.
    cm = logged_in(case_manager)
    assert unassigned.number not in cm.get(reverse("cases:caseload")).content.decode()
    assert unassigned.number in cm.get(reverse("cases:caseload"), {"toewijzing": "alle"}).content.decode()


def test_caseload_paginates_at_fifty(case_manager: User, make_intake: Callable[..., IntakeData]) -> None:
    for _ in range(51):
        _open(case_manager, make_intake())
    client = logged_in(case_manager)
    first = client.get(reverse("cases:caseload"), {"toewijzing": "alle"}).content.decode()
    second = client.get(reverse("cases:caseload"), {"toewijzing": "alle", "pagina": "2"}).content.decode()
    dossier_link = re.compile(r'href="/dossiers/[0-9a-f-]{36}/"')
    assert len(dossier_link.findall(first)) == 50
    assert len(dossier_link.findall(second)) == 1


def test_search_is_a_post_and_tolerates_spelling_variants(
    case_manager: User, make_intake: Callable[..., IntakeData]
) -> None:
    case = _open(case_manager, make_intake(given_names="Muhamad", family_name="Hadad"))
    client = logged_in(case_manager)

    response = client.post(reverse("cases:search"), {"q": "Mohammed Haddad"})
    assert response.status_code == 200
    assert case.number in response.content.decode()
    assert "Muhamad Hadad" in response.content.decode()

    # A GET never searches: a name in a query string would end up in logs and history.
    get = client.get(reverse("cases:search"), {"q": "Mohammed Haddad"})
    assert case.number not in get.content.decode()

    by_number = client.post(reverse("cases:search"), {"q": case.person.v_number}, HTTP_HX_REQUEST="true")
    assert case.number in by_number.content.decode()
    assert "<html" not in by_number.content.decode()


def test_search_without_query_says_what_is_missing(case_manager: User) -> None:
    response = logged_in(case_manager).post(reverse("cases:search"), {"q": "  "})
    assert response.status_code == 400
    body = response.content.decode()
    assert 'aria-invalid="true"' in body
    assert "Naam, alias, V-nummer of dossiernummer: Dit veld is verplicht." in body


def test_dossier_hides_special_categories_from_a_case_manager_not_assigned(
    case_manager: User,
    team_lead: User,
    team: Team,
    make_user: Callable[..., User],
    make_intake: Callable[..., IntakeData],
) -> None:
    colleague = make_user("case_manager", team)
    case = _open(
        case_manager,
        make_intake(
            medical_background="Diabetes type 1",
            special_circumstances=(CircumstanceIn("trafficking", "Signalen van uitbuiting"),),
        ),
    )
    _assign(team_lead, case, case_manager, team)
    url = reverse("cases:dossier", kwargs={"case_id": case.pk})

    assigned = logged_in(case_manager).get(url).content.decode()
    assert "Diabetes type 1" in assigned and "Signalen van uitbuiting" in assigned

    other = logged_in(colleague).get(url)
    assert other.status_code == 200
    text = other.content.decode()
    assert "Diabetes type 1" not in text and "Signalen van uitbuiting" not in text
    assert "alleen zichtbaar voor de toegewezen regievoerder en teamleider" in text

    lead = logged_in(team_lead).get(url).content.decode()
    assert "Diabetes type 1" in lead


def test_dossier_writes_exactly_one_access_record(case_manager: User, make_intake: Callable[..., IntakeData]) -> None:
    case = _open(case_manager, make_intake(other_names=(NameIn("Hadad", "Muhamad"),)))
    before = AccessRecord.objects.count()

    response = logged_in(case_manager).get(reverse("cases:dossier", kwargs={"case_id": case.pk}))

    assert response.status_code == 200
    records = list(AccessRecord.objects.all()[: AccessRecord.objects.count() - before])
    assert len(records) == 1
    assert (records[0].person_id, records[0].case_id, records[0].channel) == (case.person_id, case.pk, "web")
    assert records[0].request_id == response["X-Request-Id"]
    body = response.content.decode()
    assert "Muhamad Hadad" in body  # aliases are shown
    assert "XX-03-1991" in body  # a partly known date of birth
    assert "art. 62 Vw" in body  # the deadline explains itself


def test_dossier_of_another_team_is_not_found(
    other_case_manager: User, case_manager: User, make_intake: Callable[..., IntakeData]
) -> None:
    case = _open(case_manager, make_intake())
    response = logged_in(other_case_manager).get(reverse("cases:dossier", kwargs={"case_id": case.pk}))
    assert response.status_code == 404
    assert AccessRecord.objects.count() == 0


def test_intake_form_errors_name_the_field_and_create_nothing(case_manager: User) -> None:
    data = _intake_post(v_number="12345", **{"taal-0-code": "zz9", "nationaliteit-0-status": "established"})

    response = logged_in(case_manager).post(reverse("cases:intake"), data)

    assert response.status_code == 400
    body = response.content.decode()
    assert "V-nummer: Een V-nummer bestaat uit precies 10 cijfers." in body
    assert 'id="id_v_number-error"' in body and 'aria-describedby="id_v_number-hint id_v_number-error"' in body
    # Nested errors land on their row: languages[0].code, nationalities[0].source.
    assert 'id="id_taal-0-code-error"' in body
    assert 'id="id_nationaliteit-0-source-error"' in body
    # The user's input is kept.
    assert 'value="Tesfaye"' in body
    assert Case.objects.count() == 0 and Person.objects.count() == 0


def test_intake_form_shows_type_and_rule_errors_together(case_manager: User) -> None:
    response = logged_in(case_manager).post(reverse("cases:intake"), _intake_post(birth_year="negentig", v_number="1"))
    body = response.content.decode()
    assert "Jaar: Voer een geheel getal in." in body
    assert "V-nummer: Een V-nummer bestaat uit precies 10 cijfers." in body
    assert Case.objects.count() == 0


def test_intake_form_records_the_dossier(case_manager: User) -> None:
    data = _intake_post(
        **{
            "naam-0-family_name": "Tesfay",
            "naam-0-given_names": "Selam",
            "omstandigheid-minor": "on",
            "omstandigheid-minor_description": "Leeftijd in onderzoek",
        }
    )
    response = logged_in(case_manager).post(reverse("cases:intake"), data)

    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:dossier", kwargs={"case_id": case.pk})
    assert "4000000001" not in response["Location"]
    assert case.person.names.count() == 2
    assert case.person.languages.get().interpreter_needed is True
    assert case.special_circumstances.get().kind == "minor"
    assert case.phase == Phase.INTAKE and case.team is not None


def test_assign_and_reassign_by_team_lead(
    case_manager: User,
    team_lead: User,
    team: Team,
    make_user: Callable[..., User],
    make_intake: Callable[..., IntakeData],
) -> None:
    colleague = make_user("case_manager", team)
    case = _open(case_manager, make_intake())
    url = reverse("cases:assign", kwargs={"case_id": case.pk})
    lead = logged_in(team_lead)

    assert "toewijzen-assigned_to" in lead.get(reverse("cases:dossier", kwargs={"case_id": case.pk})).content.decode()
    response = lead.post(
        url, {"toewijzen-version": case.version, "toewijzen-team": team.pk, "toewijzen-assigned_to": case_manager.pk}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.assigned_to == case_manager

    response = lead.post(
        url, {"toewijzen-version": case.version, "toewijzen-team": team.pk, "toewijzen-assigned_to": colleague.pk}
    )
    case.refresh_from_db()
    assert response.status_code == 302 and case.assigned_to == colleague


def test_case_manager_cannot_assign(case_manager: User, team: Team, make_intake: Callable[..., IntakeData]) -> None:
    case = _open(case_manager, make_intake())
    client = logged_in(case_manager)
    assert (
        "toewijzen-assigned_to"
        not in client.get(reverse("cases:dossier", kwargs={"case_id": case.pk})).content.decode()
    )
    response = client.post(
        reverse("cases:assign", kwargs={"case_id": case.pk}),
        {"toewijzen-version": case.version, "toewijzen-team": team.pk, "toewijzen-assigned_to": case_manager.pk},
    )
    assert response.status_code == 403
    assert "Alleen de teamleider" in response.content.decode()


def test_concurrent_edit_shows_the_conflict_and_keeps_the_input(
    case_manager: User, team_lead: User, team: Team, make_intake: Callable[..., IntakeData]
) -> None:
    case = _open(case_manager, make_intake())
    seen_version = case.version
    _assign(team_lead, case, case_manager, team)  # someone else saves in between

    response = logged_in(case_manager).post(
        reverse("cases:transition", kwargs={"case_id": case.pk}),
        {
            "fase-version": seen_version,
            "fase-phase": "on_hold",
            "fase-confirm": "on",
            "fase-hold_reason": "medical",
            "fase-hold_note": "Opname ziekenhuis",
        },
    )

    assert response.status_code == 409
    body = response.content.decode()
    assert "Iemand anders heeft dit dossier intussen gewijzigd" in body
    assert 'value="Opname ziekenhuis"' in body
    assert '<option value="medical" selected>' in body
    case.refresh_from_db()
    assert case.phase == Phase.INTAKE
    assert f'name="fase-version" value="{case.version}"' in body


def test_transition_refusal_is_shown_next_to_the_field(
    case_manager: User, team_lead: User, team: Team, make_intake: Callable[..., IntakeData]
) -> None:
    case = _open(case_manager, make_intake())
    response = logged_in(team_lead).post(
        reverse("cases:transition", kwargs={"case_id": case.pk}),
        {"fase-version": case.version, "fase-phase": "on_hold", "fase-hold_reason": "", "fase-confirm": "on"},
    )
    assert response.status_code == 409
    assert 'id="id_fase-hold_reason-error"' in response.content.decode()


def test_transition_and_note(
    case_manager: User, team_lead: User, team: Team, make_intake: Callable[..., IntakeData]
) -> None:
    case = _assign(team_lead, _open(case_manager, make_intake()), case_manager, team)
    client = logged_in(case_manager)
    response = client.post(
        reverse("cases:transition", kwargs={"case_id": case.pk}),
        {"fase-version": case.version, "fase-phase": "in_progress", "fase-confirm": "on"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.phase == Phase.IN_PROGRESS

    response = client.post(
        reverse("cases:note_add", kwargs={"case_id": case.pk}), {"notitie-text": "Eerste gesprek gepland"}
    )
    assert response.status_code == 302
    page = client.get(reverse("cases:dossier", kwargs={"case_id": case.pk})).content.decode()
    assert "Eerste gesprek gepland" in page
    assert "Fase gewijzigd" in page  # the timeline

    empty = client.post(reverse("cases:note_add", kwargs={"case_id": case.pk}), {"notitie-text": ""})
    assert empty.status_code == 400
    assert 'id="id_notitie-text-error"' in empty.content.decode()


def test_roles_without_case_access_get_403_on_intake(analyst: User) -> None:
    assert logged_in(analyst).get(reverse("cases:intake")).status_code == 403


def test_intake_chooses_nothing_for_the_user_and_adds_rows_on_request(case_manager: User) -> None:
    client = logged_in(case_manager)
    page = client.get(reverse("cases:intake")).content.decode()
    assert '<option value="" selected>Kies…</option>' in page  # source and target group: chosen, not preset
    assert 'value="ti">Tigrinya</option>' in page or ">Tigrinya<" in page  # languages by name
    more = client.post(reverse("cases:intake"), _intake_post(rij="taal", v_number="1"))
    body = more.content.decode()
    assert more.status_code == 200 and 'name="taal-2-code"' in body and "autofocus" in body
    assert "Een V-nummer bestaat uit precies 10 cijfers." not in body  # adding a row judges nothing
    assert Case.objects.count() == 0


def test_the_author_can_take_the_new_case(case_manager: User) -> None:
    response = logged_in(case_manager).post(reverse("cases:intake"), _intake_post(assignment="mij"))
    case = Case.objects.get()
    assert response.status_code == 302 and case.assigned_to == case_manager
    assert AuditEvent.objects.filter(event_type="case.assigned", case_id=case.pk).count() == 1
