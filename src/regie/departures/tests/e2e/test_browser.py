"""The departure page in a real browser: plan, tick the checklist, handover, confirm; axe-core on each step."""

from __future__ import annotations

from typing import Any

from django.utils import translation

from regie.accounts.models import Team, User
from regie.cases.choices import Phase
from regie.cases.models import Case
from regie.cases.services import case_assign, case_intake, case_transition
from regie.core.context import Actor
from regie.departures.choices import CHECKLIST_LABELS
from regie.departures.models import Departure
from regie.testing.browser import E2E, assert_accessible, login
from regie.testing.fixtures import intake_data
from regie.travel_documents.models import IdentityDocument

pytestmark = E2E


def test_forced_departure_from_plan_to_confirmation(
    page: Any, axe_source: str, case_manager: User, team_lead: User, team: Team, frozen: Any
) -> None:
    # The clock stands at 28 November 2026, 10:00 (the live server shares it): the flight leaves this
    # afternoon, and is confirmed as having left that day.
    case = case_intake(actor=Actor(user=case_manager), data=intake_data()).case
    case = case_assign(
        actor=Actor(user=team_lead), case=case, team=team, assigned_to=case_manager, expected_version=None
    )
    case = case_transition(actor=Actor(user=case_manager), case=case, phase=Phase.IN_PROGRESS, expected_version=None)
    IdentityDocument.objects.create(person=case.person, kind="passport", issuing_country="SY", valid_until="2099-12-31")

    login(page, case_manager.username)
    page.goto(f"{page.base_url}/dossiers/{case.pk}/vertrek/")
    assert page.get_by_role("heading", level=1).inner_text() == "Vertrek"
    assert_accessible(page, axe_source)

    # A forced departure without a flight number: the error sits next to the field.
    page.get_by_label("Soort vertrek").select_option("forced")
    page.get_by_label("Vertrekmoment").fill("2026-11-28T14:30")
    page.get_by_label("Land van bestemming").select_option("SY")
    page.get_by_label("Escorte").select_option("kmar")
    page.get_by_role("button", name="Vertrek plannen").click()
    page.wait_for_load_state()
    assert page.locator("#id_plan-flight_number-error").is_visible()
    assert_accessible(page, axe_source)

    page.get_by_label("Vluchtnummer").fill("kl 1234")
    page.get_by_role("button", name="Vertrek plannen").click()
    page.get_by_role("heading", name="Gepland vertrek").wait_for()
    assert Case.objects.get(pk=case.pk).phase == Phase.DEPARTURE_PREPARED
    assert_accessible(page, axe_source)

    with translation.override("nl"):
        labels = [str(label) for label in CHECKLIST_LABELS.values()]
    for label in labels:
        page.get_by_role("button", name=f"Afvinken: {label}").click()
        page.get_by_role("button", name=f"Ongedaan maken: {label}").wait_for()
    departure = Departure.objects.get()
    assert all(getattr(departure, f"check_{item}_on") for item in CHECKLIST_LABELS)
    assert_accessible(page, axe_source)

    page.get_by_role("textbox", name="Bagage en eigendommen").fill("1 koffer")
    page.get_by_label("Uiterlijke kenmerken").fill("litteken linkerhand")
    page.get_by_role("textbox", name="Medische informatie voor de escorte").fill("geen")
    page.get_by_label("De overdracht is compleet").check()
    page.get_by_role("button", name="Overdracht opslaan").click()
    page.get_by_text("De overdracht is vastgelegd.").wait_for()
    assert_accessible(page, axe_source)

    page.get_by_label("Datum van vertrek").fill("2026-11-28")
    page.get_by_label("Kenmerk grensbericht").fill("KMAR-GB-1")
    page.get_by_role("button", name="Vertrek bevestigen").click()
    page.wait_for_url(f"**/dossiers/{case.pk}/")
    closed = Case.objects.get(pk=case.pk)
    assert closed.phase == Phase.CLOSED and closed.outcome == "forced"
