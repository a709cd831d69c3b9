"""The country and document specialist (issue 11, item 5): keeps the country requirements and embassy
contacts with their history, sees every team's LP requests in flight per country with their age and the
median response time; no dossiers, no medical data; every person shown is in the access log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from regie.accounts.choices import Role
from regie.accounts.models import Team, User
from regie.audit.models import AccessRecord
from regie.cases.models import Case
from regie.core.context import Actor
from regie.core.errors import PermissionDenied
from regie.testing.fixtures import ApiClient, assert_problem, make_user_of
from regie.travel_documents.choices import LpOutcome, LpStatus
from regie.travel_documents.models import LpRequest
from regie.travel_documents.selectors import country_requirement_history, lp_overview_per_country
from regie.travel_documents.services import country_requirement_save

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def now() -> dt.datetime:
    return dt.datetime(2026, 11, 28, 12, 0)


@pytest.fixture
def specialist(db: object) -> User:
    return make_user_of(Role.COUNTRY_SPECIALIST)


def lp(case: Case, country: str, sent_on: dt.date, outcome_on: dt.date | None = None, **extra: object) -> LpRequest:
    closed = outcome_on is not None
    return LpRequest.objects.create(
        case=case,
        country=country,
        status=LpStatus.CLOSED if closed else LpStatus.SENT,
        prepared_on=sent_on - dt.timedelta(days=3),
        sent_on=sent_on,
        outcome=extra.pop("outcome", LpOutcome.NOT_RECOGNISED) if closed else "",
        outcome_on=outcome_on,
        **extra,
    )


def test_lp_requests_in_flight_per_country_with_age_and_median(
    make_case: Callable[..., Case], specialist: User, other_team: Team, case_manager: User
) -> None:
    ours, theirs = make_case(medical_background="synthetische diagnose"), make_case()
    Case.objects.filter(pk=theirs.pk).update(team=other_team)
    lp(ours, "SY", dt.date(2026, 10, 29))
    lp(theirs, "SY", dt.date(2026, 11, 18))
    lp(ours, "MA", dt.date(2026, 1, 1), dt.date(2026, 1, 11))
    lp(theirs, "MA", dt.date(2026, 1, 1), dt.date(2026, 1, 31))
    lp(theirs, "MA", dt.date(2026, 1, 1), dt.date(2026, 12, 31) - dt.timedelta(days=100), outcome=LpOutcome.WITHDRAWN)
    overview = {c.country: c for c in lp_overview_per_country(actor=Actor(user=specialist))}
    assert [row.age_days for row in overview["SY"].in_flight] == [30, 10]
    assert overview["SY"].median_response_days is None
    assert overview["MA"].in_flight == [] and overview["MA"].median_response_days == 20 and overview["MA"].answered == 2
    records = AccessRecord.objects.filter(user=specialist)
    assert {r.person_id for r in records} == {ours.person_id, theirs.person_id}
    assert not any(r.special_categories for r in records)
    with pytest.raises(PermissionDenied):
        lp_overview_per_country(actor=Actor(user=case_manager))

    client = Client()
    client.force_login(specialist)
    page = client.get("/lp-aanvragen-per-land/")
    assert page.status_code == 200
    text = page.content.decode()
    assert ours.person.family_name in text and ours.person.v_number in text
    assert "diagnose" not in text and "20 dagen" in text
    # No dossiers: the specialist reaches no case page.
    assert client.get(f"/dossiers/{ours.pk}/").status_code == 404
    assert client.get("/").url == "/lp-aanvragen-per-land/"


def test_the_specialist_keeps_requirements_and_embassy_contacts_with_history(
    specialist: User, api_as: Callable[[User | None], ApiClient], make_case: Callable[..., Case]
) -> None:
    first = country_requirement_save(
        actor=Actor(user=specialist), country="SY", expected_version=None, embassy_name="Ambassade A", photos=2
    )
    country_requirement_save(
        actor=Actor(user=specialist),
        country="SY",
        expected_version=first.version,
        embassy_contact="Lange Voorhout 1, Den Haag",
    )
    history = country_requirement_history(user=specialist, requirement=first)
    assert len(history) == 2 and history[0].new_values == {"embassy_contact": "Lange Voorhout 1, Den Haag"}
    client = Client()
    client.force_login(specialist)
    page = client.get("/landeneisen/SY/").content.decode()
    assert "Wijzigingsgeschiedenis" in page and "Ambassade A" in page
    api = api_as(specialist)
    assert api.put("/country-requirements/MA", {"photos": 1}).status_code in (200, 201)
    assert_problem(api.get(f"/cases/{make_case().pk}"), 404)


def test_the_overview_in_the_api_gives_the_page_s_figures_to_the_specialist_only(
    make_case: Callable[..., Case],
    specialist: User,
    case_manager: User,
    api_as: Callable[[User | None], ApiClient],
) -> None:
    ours = make_case(medical_background="synthetische diagnose")
    lp(ours, "SY", dt.date(2026, 10, 29))
    lp(make_case(), "MA", dt.date(2026, 1, 1), dt.date(2026, 1, 11))
    AccessRecord.objects.all().delete()
    answer = api_as(specialist).get("/lp-requests-per-country")
    assert answer.status_code == 200, answer.content
    items = {c["country"]: c for c in answer.json()["items"]}
    assert items["MA"] == {"country": "MA", "medianResponseDays": 10.0, "answered": 1, "inFlight": []}
    (row,) = items["SY"]["inFlight"]
    assert row["ageDays"] == 30 and row["sentOn"] == "2026-10-29" and row["caseId"] == str(ours.pk)
    assert row["person"]["fullName"] == ours.person.full_name and row["person"]["vNumber"] == ours.person.v_number
    assert "diagnose" not in answer.content.decode()
    assert [r.person_id for r in AccessRecord.objects.filter(user=specialist)] == [ours.person_id]
    # The page and the API give the same figures.
    assert (
        items["MA"]["medianResponseDays"]
        == lp_overview_per_country(actor=Actor(user=specialist))[0].median_response_days
    )
    # Nobody else reads it.
    assert_problem(api_as(case_manager).get("/lp-requests-per-country"), 403)
