"""The caseload's columns sort, its filters narrow (case manager, nationality, a measure in force,
removable now), a user's filters are saved under a name, and the list exports as CSV with an access
record per person. Filters apply on submit only (WCAG 3.2.2)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from regie.accounts.models import User
from regie.audit.models import AccessRecord
from regie.cases import services
from regie.cases.intake import NationalityIn
from regie.cases.models import Case, SavedFilter
from regie.cases.selectors import CaseFilters, case_list
from regie.core.context import Actor
from regie.core.errors import NotFound, ValidationFailed
from regie.measures.services import reporting_duty_impose
from regie.removability.services import procedure_record
from regie.travel_documents.services import document_record

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]  # 28 November 2026, 10:00


@pytest.fixture
def three(make_case: Callable[..., Case], make_intake: Callable[..., Any], case_manager: User) -> dict[str, Case]:
    me = Actor(user=case_manager)
    eritrean = make_case(
        family_name="Abraha", nationalities=(NationalityIn("ER"),), return_decision_date=dt.date(2026, 11, 1)
    )
    syrian = make_case(family_name="Zaher", return_decision_date=dt.date(2026, 10, 1))
    reporting_duty_impose(
        actor=me, case=syrian, starts_on=dt.date(2026, 11, 27), frequency="wekelijks", location="AVIM Amsterdam"
    )
    document_record(
        actor=me, case=syrian, kind="passport", issuing_country="SY", number="P1", valid_until=dt.date(2030, 1, 1)
    )
    waiting = make_case(family_name="Mansour", return_decision_date=dt.date(2026, 11, 20))
    document_record(
        actor=me, case=waiting, kind="passport", issuing_country="SY", number="P2", valid_until=dt.date(2030, 1, 1)
    )
    procedure_record(actor=me, case=waiting, kind="appeal", suspensive=True, starts_on=dt.date(2026, 11, 25))
    return {"eritrean": eritrean, "syrian": syrian, "waiting": waiting}


def _names(user: User, **filters: Any) -> list[str]:
    return [c.person.family_name for c in case_list(user=user, filters=CaseFilters(**filters))]


def test_columns_sort_both_ways(three: dict[str, Case], case_manager: User) -> None:
    assert _names(case_manager, order="naam") == ["Abraha", "Mansour", "Zaher"]
    assert _names(case_manager, order="-naam") == ["Zaher", "Mansour", "Abraha"]
    by_term = _names(case_manager, order="vertrektermijn")
    assert by_term == ["Zaher", "Abraha", "Mansour"]  # decisions of 1 Oct, 1 Nov, 20 Nov
    assert _names(case_manager, order="-vertrektermijn") == by_term[::-1]


def test_filters_on_nationality_measure_and_removability(three: dict[str, Case], case_manager: User) -> None:
    assert _names(case_manager, nationality="ER") == ["Abraha"]
    assert _names(case_manager, registered=(("maatregel", "meldplicht"),)) == ["Zaher"]
    assert sorted(_names(case_manager, registered=(("maatregel", "geen"),))) == ["Abraha", "Mansour"]
    # Removable: a passport and nothing suspending removal. Mansour's appeal suspends it; Abraha has no document.
    assert _names(case_manager, registered=(("verwijderbaar", "ja"),)) == ["Zaher"]
    assert sorted(_names(case_manager, registered=(("verwijderbaar", "nee"),))) == ["Abraha", "Mansour"]


def test_the_removable_filter_agrees_with_removable_now(three: dict[str, Case], case_manager: User) -> None:
    from regie.removability.selectors import removability_for

    removable = set(_names(case_manager, registered=(("verwijderbaar", "ja"),)))
    assert removable == {c.person.family_name for c in three.values() if removability_for(c).removable}


def test_a_team_lead_filters_on_a_case_manager(
    three: dict[str, Case], team_lead: User, case_manager: User, web_as: Callable[[User], Client]
) -> None:
    page = web_as(team_lead).get(reverse("cases:caseload"), {"regievoerder": str(case_manager.pk)})
    body = page.content.decode()
    assert page.status_code == 200 and all(c.number in body for c in three.values())
    assert 'hx-trigger="submit"' in body  # never on each change of a select
    assert 'aria-sort="ascending"' in body and "sortering=-actie" in body


def test_saved_filters_keep_codes_only_and_belong_to_their_user(
    three: dict[str, Case], case_manager: User, other_case_manager: User, web_as: Callable[[User], Client]
) -> None:
    me = Actor(user=case_manager)
    saved = services.saved_filter_save(actor=me, name="Eritrea", query="nationaliteit=ER&sortering=naam&pagina=3")
    assert saved.query == "nationaliteit=ER&sortering=naam"
    # A name or V-number can never be stored in a saved filter.
    with pytest.raises(ValidationFailed) as refused:
        services.saved_filter_save(actor=me, name="Zoek", query="q=Haddad")
    assert "query" in refused.value.errors
    with pytest.raises(ValidationFailed):
        services.saved_filter_save(actor=me, name="Leeg", query="fase=")
    with pytest.raises(NotFound):
        services.saved_filter_delete(actor=Actor(user=other_case_manager), saved_filter_id=saved.pk)
    client = web_as(case_manager)
    page = client.get(reverse("cases:caseload")).content.decode()
    assert "Eritrea" in page and "?nationaliteit=ER&amp;sortering=naam" in page
    client.post(reverse("cases:saved_filter_save"), {"name": "Meldplicht", "query": "maatregel=meldplicht"})
    assert SavedFilter.objects.filter(user=case_manager).count() == 2
    client.post(reverse("cases:saved_filter_delete", kwargs={"saved_filter_id": saved.pk}))
    assert list(SavedFilter.objects.filter(user=case_manager).values_list("name", flat=True)) == ["Meldplicht"]


def test_the_export_holds_the_filtered_list_and_logs_every_person(
    three: dict[str, Case], case_manager: User, web_as: Callable[[User], Client]
) -> None:
    response = web_as(case_manager).get(reverse("cases:caseload_export"), {"maatregel": "geen", "sortering": "naam"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "Abraha" not in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Dossier", "V-nummer", "Achternaam"]
    assert [r[2] for r in rows[1:]] == ["Abraha", "Mansour"]
    logged = AccessRecord.objects.filter(purpose="export", user=case_manager)
    assert {r.person_id for r in logged} == {three["eritrean"].person_id, three["waiting"].person_id}
