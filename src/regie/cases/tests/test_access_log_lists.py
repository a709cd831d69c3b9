"""Every page that shows persons writes one access record per person shown: the caseload, search results
and the worklist, not only the dossier (the API's lists are tested in regie.api)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from regie.accounts.models import User
from regie.audit.choices import AccessPurpose
from regie.audit.models import AccessRecord
from regie.cases.models import Case

pytestmark = pytest.mark.django_db


def _shown(user: User, purpose: str) -> list[object]:
    return sorted(
        str(pid) for pid in AccessRecord.objects.filter(user=user, purpose=purpose).values_list("person_id", flat=True)
    )


def _persons(*cases: Case) -> list[object]:
    return sorted(str(c.person_id) for c in cases)


def test_the_caseload_logs_each_person_on_the_page(
    make_case: Callable[..., Case], case_manager: User, other_case_manager: User, web_as: Callable[[User], Client]
) -> None:
    cases = [make_case() for _ in range(3)]
    page = web_as(case_manager).get(reverse("cases:caseload"))
    assert page.status_code == 200 and all(c.number in page.content.decode() for c in cases)
    assert _shown(case_manager, AccessPurpose.CASELOAD) == _persons(*cases)
    record = AccessRecord.objects.filter(purpose=AccessPurpose.CASELOAD).first()
    assert record is not None and record.channel == "web" and not record.special_categories
    # The fragment htmx asks for shows the same rows: logged the same way.
    web_as(case_manager).get(reverse("cases:caseload"), headers={"HX-Request": "true"})
    assert len(_shown(case_manager, AccessPurpose.CASELOAD)) == 6
    # A colleague of another team sees none of them, and nothing is logged for them.
    web_as(other_case_manager).get(reverse("cases:caseload"))
    assert _shown(other_case_manager, AccessPurpose.CASELOAD) == []


def test_search_results_are_logged_and_no_result_logs_nothing(
    make_case: Callable[..., Case], case_manager: User, web_as: Callable[[User], Client]
) -> None:
    found = [make_case(family_name="Karimi"), make_case(family_name="Karimi")]
    make_case(family_name="Jansen")
    client = web_as(case_manager)
    response = client.post(reverse("cases:search"), {"q": "Karimi"})
    assert response.status_code == 200 and all(c.number in response.content.decode() for c in found)
    assert _shown(case_manager, AccessPurpose.SEARCH) == _persons(*found)
    client.post(reverse("cases:search"), {"q": "Zzyzx"})
    assert len(_shown(case_manager, AccessPurpose.SEARCH)) == 2


def test_the_worklist_logs_the_persons_of_its_rows(
    make_case: Callable[..., Case], case_manager: User, web_as: Callable[[User], Client], frozen: dt.datetime
) -> None:
    # A return decision of four weeks ago: the departure term ends within the week, so the case is listed.
    due = make_case(return_decision_date=frozen.date() - dt.timedelta(days=25))
    make_case(return_decision_date=frozen.date())
    page = web_as(case_manager).get(reverse("deadlines:worklist"))
    assert page.status_code == 200 and due.number in page.content.decode()
    assert str(due.person_id) in _shown(case_manager, AccessPurpose.WORKLIST)


def test_the_worklist_through_the_api_logs_the_same_way(
    make_case: Callable[..., Case], case_manager: User, api_as: Callable[..., object], frozen: dt.datetime
) -> None:
    due = make_case(return_decision_date=frozen.date() - dt.timedelta(days=25))
    response = api_as(case_manager).get("/worklist")  # type: ignore[attr-defined]
    assert response.status_code == 200 and due.number in response.content.decode()
    record = AccessRecord.objects.get(user=case_manager, purpose=AccessPurpose.WORKLIST)
    assert record.person_id == due.person_id and record.channel == "api"
