"""The departure page through Django's test client, with ordinary roles (never superusers)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from regie.accounts.models import User
from regie.audit.choices import AccessPurpose
from regie.audit.models import AccessRecord
from regie.cases.choices import Phase
from regie.cases.models import Case
from regie.core.context import Actor
from regie.departures.models import Departure
from regie.departures.selectors import departures_dossier_section
from regie.departures.services import departure_check, departure_handover, departure_plan
from regie.testing.fixtures import logged_in
from regie.travel_documents.models import IdentityDocument

from .conftest import FLIGHT

pytestmark = [pytest.mark.django_db]


def _page(case: Case) -> str:
    return reverse("departures:page", kwargs={"case_id": case.pk})


def _url(name: str, departure: Departure) -> str:
    return reverse(f"departures:{name}", kwargs={"case_id": departure.case_id, "departure_id": departure.pk})


def _text(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _plan_post(**overrides: str) -> dict[str, str]:
    data = {
        "plan-kind": "forced",
        "plan-departs_at": "2026-12-10T07:15",
        "plan-flight_number": "kl 1234",
        "plan-from_airport": "AMS",
        "plan-to_airport": "DAM",
        "plan-destination_country": "SY",
        "plan-escort": "kmar",
        "plan-dublin_member_state": "",
        "plan-dublin_accepted_on": "",
    }
    data.update(overrides)
    return data


def test_page_requires_login(client: Client, case: Case) -> None:
    response = client.get(_page(case))
    assert response.status_code == 302 and response["Location"].startswith(reverse("web:login"))


def test_page_is_logged_and_offers_a_plan(case: Case, case_manager: User) -> None:
    response = logged_in(case_manager).get(_page(case))
    assert response.status_code == 200
    text = _text(response)
    assert "Vertrek plannen" in text and 'name="plan-kind"' in text and "Afsluiten zonder vertrek" in text
    record = AccessRecord.objects.get(person_id=case.person_id)
    assert record.purpose == AccessPurpose.DOSSIER_VIEW and record.special_categories


def test_other_roles_do_not_see_the_page(case: Case, other_case_manager: User, analyst: User, partner: User) -> None:
    for user in (other_case_manager, analyst, partner):
        assert logged_in(user).get(_page(case)).status_code == 404
    assert not AccessRecord.objects.exists()


def test_plan_a_forced_departure(case: Case, case_manager: User) -> None:
    response = logged_in(case_manager).post(reverse("departures:plan", kwargs={"case_id": case.pk}), _plan_post())
    assert response.status_code == 302 and response["Location"] == _page(case)
    departure = Departure.objects.get()
    assert departure.flight_number == "KL1234" and departure.departs_at == FLIGHT
    assert Case.objects.get(pk=case.pk).phase == Phase.DEPARTURE_PREPARED
    page = _text(logged_in(case_manager).get(_page(case)))
    assert "Gepland vertrek" in page and "08-12-2026 07:15" in page and "Afvinken" in page


def test_plan_errors_next_to_the_field(case: Case, case_manager: User) -> None:
    response = logged_in(case_manager).post(
        reverse("departures:plan", kwargs={"case_id": case.pk}),
        _plan_post(**{"plan-flight_number": "", "plan-escort": "none"}),
    )
    assert response.status_code == 400
    text = _text(response)
    assert "Een gedwongen vertrek vraagt het vluchtnummer van de geboekte vlucht." in text
    assert 'id="id_plan-flight_number-error"' in text and 'id="id_plan-escort-error"' in text
    assert 'aria-invalid="true"' in text and "Er zijn 2 fouten in het formulier" in text
    assert not Departure.objects.exists()


def test_tick_and_refuse_the_travel_document(planned: Departure, case_manager: User) -> None:
    client = logged_in(case_manager)
    ticket = {"controle-ticket-item": "ticket", "controle-ticket-checked": "1", "controle-ticket-version": "1"}
    assert client.post(_url("check", planned), ticket).status_code == 302
    assert Departure.objects.get(pk=planned.pk).check_ticket_on is not None
    document = {
        "controle-travel_document-item": "travel_document",
        "controle-travel_document-checked": "1",
        "controle-travel_document-version": "2",
    }
    refused = client.post(_url("check", planned), document)
    assert refused.status_code == 400
    assert "Er is geen paspoort of laissez-passer vastgelegd dat geldig is op de vertrekdatum." in _text(refused)
    IdentityDocument.objects.create(
        person=planned.case.person, kind="laissez_passer", issuing_country="SY", valid_until=FLIGHT.date()
    )
    assert client.post(_url("check", planned), document).status_code == 302
    assert Departure.objects.get(pk=planned.pk).travel_document is not None


def test_stale_version_is_refused_with_a_message(planned: Departure, case_manager: User, team_lead: User) -> None:
    departure_check(actor=Actor(user=team_lead), departure=planned, item="money", expected_version=1)
    response = logged_in(case_manager).post(
        _url("cancel", planned), {"annuleer-reason": "medical", "annuleer-note": "", "annuleer-version": "1"}
    )
    assert response.status_code == 409
    text = _text(response)
    assert "Iemand anders heeft dit vertrek intussen gewijzigd." in text
    assert 'name="annuleer-version" value="2"' in text
    assert Departure.objects.get(pk=planned.pk).status == "planned"


def test_medical_field_only_for_assigned_and_lead(
    planned: Departure, case_manager: User, make_user: Callable[..., User], team: Any
) -> None:
    departure_handover(
        actor=Actor(user=case_manager),
        departure=planned,
        belongings="1 koffer",
        physical_features="litteken",
        medical="synthetisch: insuline",
        expected_version=1,
    )
    mine = _text(logged_in(case_manager).get(_page(planned.case)))
    assert 'name="overdracht-medical"' in mine and "synthetisch: insuline" in mine
    colleague = make_user("case_manager", team)
    theirs = _text(logged_in(colleague).get(_page(planned.case)))
    assert 'name="overdracht-medical"' not in theirs and "synthetisch: insuline" not in theirs
    assert "1 koffer" in theirs
    assert not AccessRecord.objects.get(user=colleague).special_categories
    response = logged_in(colleague).post(
        _url("handover", planned),
        {
            "overdracht-belongings": "2 koffers",
            "overdracht-physical_features": "litteken",
            "overdracht-complete": "on",
            "overdracht-version": "2",
        },
    )
    assert response.status_code == 302
    fresh = Departure.objects.get(pk=planned.pk)
    assert fresh.handover_belongings == "2 koffers" and fresh.handover_medical == "synthetisch: insuline"
    assert fresh.handover_completed_on is not None


def test_confirm_with_incomplete_checklist_names_the_items(planned: Departure, case_manager: User) -> None:
    response = logged_in(case_manager).post(
        _url("confirm", planned),
        {"bevestig-confirmed_on": "2026-11-28", "bevestig-border_message_reference": "KMAR-1", "bevestig-version": "1"},
    )
    assert response.status_code == 400
    text = _text(response)
    assert "nog niet afgevinkt: ticket, geld, bagage, reisdocument, fit to fly, medische informatie" in text
    assert "De overdracht aan de escorte is niet als compleet vastgelegd" in text
    assert Case.objects.get(pk=planned.case_id).is_open


def test_confirm_independent_departure_goes_to_the_closed_dossier(case: Case, case_manager: User) -> None:
    departure = departure_plan(actor=Actor(user=case_manager), case=case, kind="independent", destination_country="SY")
    response = logged_in(case_manager).post(
        _url("confirm", departure),
        {"bevestig-confirmed_on": "2026-11-27", "bevestig-border_message_reference": "GB-1", "bevestig-version": "1"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:dossier", kwargs={"case_id": case.pk})
    assert Case.objects.get(pk=case.pk).outcome == "independent_verified"
    closed = _text(logged_in(case_manager).get(_page(case)))
    assert "Dit dossier is afgesloten." in closed and "Vertrek bevestigd" in closed


def test_close_without_departure_names_unmet_conditions(case: Case, case_manager: User) -> None:
    url = reverse("departures:close", kwargs={"case_id": case.pk})
    data = {"afsluiten-outcome": "no_fault_permit", "afsluiten-note": "", "afsluiten-version": str(case.version)}
    response = logged_in(case_manager).post(url, data)
    assert response.status_code == 400
    text = _text(response)
    assert (
        "Volledige medewerking is niet gebleken" in text
        and "Identiteit en nationaliteit zijn niet vastgesteld." in text
    )
    data["afsluiten-outcome"] = "unsupervised"
    assert logged_in(case_manager).post(url, data).status_code == 302
    assert Case.objects.get(pk=case.pk).outcome == "unsupervised"


def test_dossier_section_renders_for_the_dossier_page(planned: Departure, case_manager: User) -> None:
    context = departures_dossier_section(user=case_manager, case=planned.case)
    html = re.sub(r"\s+", " ", render_to_string("departures/_dossier_section.html", context))
    assert 'id="h-vertrek"' in html and "Gedwongen vertrek" in html and "KL1234" in html
    assert "nog 6 punten open" in html and "Vertrek bijwerken" in html
    assert _page(planned.case) in html


def test_page_in_english(planned: Departure, case_manager: User) -> None:
    client = logged_in(case_manager)
    try:
        text = _text(client.get(_page(planned.case), headers={"Accept-Language": "en"}))
    finally:
        # The locale middleware leaves the answer's language active in this thread.
        translation.activate(settings.LANGUAGE_CODE)
    assert "Planned departure" in text and "Pre-departure checks" in text and "Forced departure" in text
    assert 'aria-label="Tick: Ticket booked and in hand"' in text
