"""Search says how sure it is: exact, a spelling variant, or only alike, with a cut-off; open cases
first, closed ones only when asked; the best match is never cut off by the candidate limit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from regie.accounts.models import User
from regie.cases import selectors
from regie.cases.models import Case
from regie.cases.selectors import person_search
from regie.testing.fixtures import closed_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def people(make_case: Callable[..., Case]) -> dict[str, Case]:
    return {
        "exact": make_case(given_names="Mohammed", family_name="Haddad"),
        "variant": make_case(given_names="Muhamad", family_name="Hadad"),
        "other": make_case(given_names="Selam", family_name="Tesfaye"),
    }


def test_each_hit_says_how_sure_it_is(people: dict[str, Case], case_manager: User) -> None:
    hits = person_search(user=case_manager, query="Mohammed Haddad")
    tiers = {h.case.pk: h.tier for h in hits}
    assert tiers[people["exact"].pk] == "exact" and tiers[people["variant"].pk] in ("variant", "similar")
    assert hits[0].case == people["exact"] and people["other"].pk not in tiers
    assert person_search(user=case_manager, query=people["other"].person.v_number)[0].tier == "exact"


def test_closed_cases_only_when_asked_and_after_the_open_ones(
    people: dict[str, Case], make_case: Callable[..., Case], case_manager: User
) -> None:
    gone = closed_case(make_case(given_names="Mohammed", family_name="Haddad"), "unsupervised", case_manager)
    assert gone.pk not in {h.case.pk for h in person_search(user=case_manager, query="Mohammed Haddad")}
    both = person_search(user=case_manager, query="Mohammed Haddad", include_closed=True)
    assert both[-1].case == gone and both[0].case == people["exact"]


def test_the_best_match_is_not_cut_by_the_candidate_limit(
    people: dict[str, Case], case_manager: User, monkeypatch: Any
) -> None:
    monkeypatch.setattr(selectors, "SEARCH_CANDIDATES", 1)
    monkeypatch.setattr(selectors, "SEARCH_CANDIDATES_RANKED", 1)  # PostgreSQL
    monkeypatch.setattr(selectors, "SEARCH_SIMILAR", 0)
    assert [h.case for h in person_search(user=case_manager, query="Mohammed Haddad")] == [people["exact"]]


WEAKER = ("Ali", "Omar", "Karim", "Samir", "Tarek", "Nabil", "Rami", "Fadi")


def test_more_weaker_candidates_sharing_every_key_than_the_limit_do_not_cut_the_best(
    make_case: Callable[..., Case], case_manager: User, monkeypatch: Any
) -> None:
    """Eight persons share both keys of the query and its family name as typed; the limit is five
    candidates; the person whose name is the query's is among them, made neither first nor last. On
    SQLite (keys, then the exact name) and PostgreSQL (keys, the exact name, trigram similarity) alike it
    is scored, and comes first."""
    weaker = [make_case(given_names=f"Mohammed {name}", family_name="Haddad") for name in WEAKER[:4]]
    best = make_case(given_names="Mohammed", family_name="Haddad")
    weaker += [make_case(given_names=f"Mohammed {name}", family_name="Haddad") for name in WEAKER[4:]]
    monkeypatch.setattr(selectors, "SEARCH_CANDIDATES", 5)
    monkeypatch.setattr(selectors, "SEARCH_CANDIDATES_RANKED", 5)
    hits = person_search(user=case_manager, query="Mohammed Haddad")
    assert hits[0].case == best and hits[0].tier == "exact"
    assert len(hits) <= 5 + selectors.SEARCH_SIMILAR and {h.case.pk for h in hits[1:]} <= {c.pk for c in weaker}


def test_the_page_and_the_api_show_the_tier(
    people: dict[str, Case], case_manager: User, web_as: Callable[[User], Client], api_as: Callable[..., Any]
) -> None:
    page = web_as(case_manager).post(reverse("cases:search"), {"q": "Mohammed Haddad"}).content.decode()
    assert "Exact" in page and "Ook afgesloten dossiers" in page
    body = api_as(case_manager).post("/persons/search", {"query": "Mohammed Haddad"}).json()
    assert body["items"][0]["tier"] == "exact"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")
@pytest.mark.parametrize("scan", [5000, 0], ids=["visible-persons-compared", "trigram-index"])
def test_on_postgresql_a_name_that_shares_no_key_is_found_by_trigrams(
    make_case: Callable[..., Case], case_manager: User, monkeypatch: pytest.MonkeyPatch, scan: int
) -> None:
    """'Celam Tefsaye' shares no name key with 'Selam Tesfaye' (klm/tfs against slm/tsf); pg_trgm finds
    it: comparing the visible persons one by one (a team's caseload) or through the trigram index (who
    sees more cases than SEARCH_SIMILAR_SCAN), with the same answer. SQLite has the keys only."""
    monkeypatch.setattr("regie.cases.selectors.SEARCH_SIMILAR_SCAN", scan)
    selam = make_case(given_names="Selam", family_name="Tesfaye")
    make_case(given_names="Mohammed", family_name="Haddad")
    hits = person_search(user=case_manager, query="Celam Tefsaye")
    assert [h.case for h in hits] == [selam] and hits[0].tier in ("variant", "similar")
