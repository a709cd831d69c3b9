"""How many statements the case reads take: a bound that does not grow with the rows a page shows.

Each read runs with a few rows, then with many; both must stay within the same bound (a count, never a
time: `django_assert_max_num_queries`). A read whose count grows with its rows has an N+1.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from regie.accounts.models import User
from regie.cases import services
from regie.cases.models import Case
from regie.core.context import Actor
from regie.testing.fixtures import case_url
from regie.testing.statements import same_bound_with_more_rows

pytestmark = pytest.mark.django_db

FEW, MANY = 3, 40

# The bounds: what each read takes now, with a little room. Raising one needs a reason.
CASELOAD_MAX = 11
CASELOAD_LEAD_MAX = 14
DOSSIER_MAX = 35
SEARCH_MAX = 8  # both databases (PostgreSQL one more only when no person shares a key with the query)
API_LIST_MAX = 5
API_DETAIL_MAX = 13


def _cases(make_case: Callable[..., Case], n: int, **overrides: Any) -> list[Case]:
    return [make_case(**overrides) for _ in range(n)]


ROW_LINK = b'class="utrecht-link utrecht-link--html-a regie-mono"'


@pytest.mark.parametrize(
    "query", ["", "?doelgroep=rejected_asylum&sortering=naam", "?toewijzing=alle&sortering=-vertrektermijn"]
)
def test_caseload_statements_do_not_grow_with_rows(
    query: str, make_case: Callable[..., Case], case_manager: User, web_as: Any, django_assert_max_num_queries: Any
) -> None:
    _cases(make_case, FEW)
    client = web_as(case_manager)
    url = reverse("cases:caseload") + query
    same_bound_with_more_rows(
        django_assert_max_num_queries, CASELOAD_MAX, lambda: client.get(url), lambda: _cases(make_case, MANY - FEW)
    )
    assert client.get(url).content.count(ROW_LINK) == MANY  # every row shown, on one page


def test_caseload_of_a_team_lead_with_bulk_assignment(
    make_case: Callable[..., Case], team_lead: User, web_as: Any, django_assert_max_num_queries: Any
) -> None:
    _cases(make_case, FEW)
    client = web_as(team_lead)
    url = reverse("cases:caseload")
    same_bound_with_more_rows(
        django_assert_max_num_queries, CASELOAD_LEAD_MAX, lambda: client.get(url), lambda: _cases(make_case, MANY - FEW)
    )
    assert client.get(url).content.count(ROW_LINK) == MANY


def _notes(case: Case, by: User, n: int) -> None:
    for i in range(n):
        services.case_note_add(actor=Actor(user=by), case=Case.objects.get(pk=case.pk), text=f"Notitie {i}")


def test_dossier_statements_do_not_grow_with_notes_and_events(
    make_case: Callable[..., Case], case_manager: User, web_as: Any, django_assert_max_num_queries: Any
) -> None:
    case = make_case()
    _notes(case, case_manager, FEW)
    client = web_as(case_manager)
    url = case_url("cases:dossier", case)
    same_bound_with_more_rows(
        django_assert_max_num_queries, DOSSIER_MAX, lambda: client.get(url), lambda: _notes(case, case_manager, MANY)
    )


def test_search_statements_do_not_grow_with_hits(
    make_case: Callable[..., Case], case_manager: User, web_as: Any, django_assert_max_num_queries: Any
) -> None:
    _cases(make_case, FEW, family_name="Haddad", given_names="Mohammed")
    client = web_as(case_manager)
    url = reverse("cases:search")
    same_bound_with_more_rows(
        django_assert_max_num_queries,
        SEARCH_MAX,
        lambda: client.post(url, {"q": "Mohammed Haddad"}),
        lambda: _cases(make_case, MANY - FEW, family_name="Haddad", given_names="Mohammed"),
    )


def test_api_case_list_statements_do_not_grow_with_rows(
    make_case: Callable[..., Case], case_manager: User, api_as: Any, django_assert_max_num_queries: Any
) -> None:
    _cases(make_case, FEW)
    api = api_as(case_manager)
    same_bound_with_more_rows(
        django_assert_max_num_queries,
        API_LIST_MAX,
        lambda: api.get("/cases?pageSize=50"),
        lambda: _cases(make_case, MANY - FEW),
    )


def test_api_case_detail_statements_do_not_grow_with_notes(
    make_case: Callable[..., Case], case_manager: User, api_as: Any, django_assert_max_num_queries: Any
) -> None:
    case = make_case()
    _notes(case, case_manager, FEW)
    api = api_as(case_manager)
    same_bound_with_more_rows(
        django_assert_max_num_queries,
        API_DETAIL_MAX,
        lambda: api.get(f"/cases/{case.pk}"),
        lambda: _notes(case, case_manager, MANY),
    )


def test_the_dossier_page_reads_shared_tables_once(
    make_case: Callable[..., Case], case_manager: User, web_as: Any
) -> None:
    """The sections and the summary share what they read (`cases.registry.read_once`); the rule table is
    cached (`deadlines.selectors.rules_in_force`)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    case = make_case()
    client = web_as(case_manager)
    client.get(case_url("cases:dossier", case))
    with CaptureQueriesContext(connection) as captured:
        assert client.get(case_url("cases:dossier", case)).status_code == 200
    reads = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT")]

    def times(table: str) -> int:
        return sum(f'FROM "{table}"' in sql for sql in reads)

    for table in (
        "measures_reportingduty",
        "measures_vblplacement",
        "measures_detention",
        # the letters section and the documents list; the support section and the summary; the travel
        # documents section, the summary and removability; the interviews section's history and "up to date"
        "letters_letter",
        "support_supportgrant",
        "travel_documents_lprequest",
        "travel_documents_identitydocument",
        "interviews_departureplanversion",
    ):
        assert times(table) == 1, table
    assert times("deadlines_deadlinerule") <= 1  # the version at most: the table itself is cached


# A note (SQLite 10, PostgreSQL 11 with the chain's lock): the session, the user, their teams, the case; the
# note; what counts from the last action (one read: nothing else is computed again for a case without a
# detention); the chain's head and record; in a test the service's savepoint and its release. It took 21
# before 2026-12-01: every deadline of the case computed again for each note.
NOTE_WRITE_MAX = 11


def test_a_note_takes_a_bounded_number_of_statements(
    make_case: Callable[..., Case], case_manager: User, web_as: Any, django_assert_max_num_queries: Any
) -> None:
    case = make_case()
    client = web_as(case_manager)
    url = case_url("cases:note_add", case)
    client.post(url, {"notitie-text": "Eerste notitie (synthetisch)."})  # the session is warm, as at work
    with django_assert_max_num_queries(NOTE_WRITE_MAX):
        response = client.post(url, {"notitie-text": "Belafspraak bevestigd (synthetisch)."})
    assert response.status_code == 302
    assert case.notes.count() == 2


# An API intake of a new person with another name, a nationality, a language, a circumstance and a note
# (PostgreSQL 24, SQLite fewer): the token; the delivery looked up (once: a delivery that commits after
# the look-up meets the unique reference and is answered as a repeat); the team; the V-number; the person,
# their names and the names' keys; the nationality and the language (one insert each: a new person has
# none to look up); the year's number; the case with its deadlines; the circumstance and the note; the
# duplicate check; what counts from the last action; the chain's lock, head and records; in a test the
# service's savepoint and its release. It took 37 before 2026-12-01 (every part of the intake in a
# savepoint of its own and looked up before it was inserted), and 25 until the delivery was looked up once.
INTAKE_WRITE_MAX = 24


def test_an_api_intake_takes_a_bounded_number_of_statements(
    case_manager: User, api_as: Any, django_assert_max_num_queries: Any
) -> None:
    from regie.api.tests.test_api import intake_body

    api = api_as(case_manager)
    body = intake_body(note="Aangeleverd met spoed (synthetisch).")
    warm = {**body, "vNumber": "2000000002", "sourceReference": "IND-API-0", "familyName": "Haile"}  # no duplicate
    assert api.post("/cases", warm).status_code == 201
    with django_assert_max_num_queries(INTAKE_WRITE_MAX) as captured:
        response = api.post("/cases", body)
    assert response.status_code == 201, response.content
    assert sum("SAVEPOINT" in q["sql"] for q in captured.captured_queries) <= 2  # the test's and the service's
    case = Case.objects.get(number=response.json()["number"])
    assert case.person.nationalities.count() == case.person.languages.count() == 1
    assert case.special_circumstances.count() == case.notes.count() == 1
