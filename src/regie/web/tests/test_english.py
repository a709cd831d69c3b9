"""English is complete: an English page of each part of Regie shows no Dutch sentence from the
catalogue, and deadline labels and explanations (stored with their values) read in English; the API
answers in the `Accept-Language` language, Dutch by default."""

from __future__ import annotations

import datetime as dt
import gettext
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from regie.accounts.models import User
from regie.cases.models import Case
from regie.testing.fixtures import AMSTERDAM, plan_forced_flight, start_detention

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]  # 28 November 2026, 10:00

CATALOGUES = sorted(Path(__file__).resolve().parents[2].glob("**/locale/en/LC_MESSAGES/django.mo"))


def _dutch_sentences() -> set[str]:
    """Catalogue texts that differ in English and are long enough not to occur by chance in a name."""
    found: set[str] = set()
    for path in CATALOGUES:
        with path.open("rb") as compiled:
            catalogue: dict[Any, str] = gettext.GNUTranslations(compiled)._catalog  # type: ignore[attr-defined]
        for msgid, msgstr in catalogue.items():
            if not isinstance(msgid, str) or not msgid or "%(" in msgid or "{" in msgid:
                continue  # plural forms, the header, parameterised texts
            if msgstr and msgstr != msgid and len(msgid) >= 14 and " " in msgid:
                found.add(msgid)
    return found


def _visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def english(client: Client) -> Callable[[User], Client]:
    def make(user: User) -> Client:
        client.force_login(user)
        client.cookies["django_language"] = "en"
        return client

    return make


def test_english_pages_carry_no_dutch_sentence(
    english: Callable[[User], Client], make_case: Callable[..., Case], case_manager: User, team_lead: User
) -> None:
    case = make_case(target_group="supervision", return_decision_date=dt.date(2026, 11, 20))
    plan_forced_flight(case_manager, case, dt.datetime(2026, 12, 2, 7, 15, tzinfo=AMSTERDAM))
    start_detention(team_lead, make_case(return_decision_date=dt.date(2026, 10, 1)), dt.date(2026, 11, 1))
    dutch = _dutch_sentences()
    assert len(dutch) > 300  # the catalogue is read
    pages: list[tuple[User, str]] = [
        (case_manager, reverse("cases:caseload")),
        (case_manager, reverse("cases:dossier", kwargs={"case_id": case.pk})),
        (case_manager, reverse("cases:intake")),
        (case_manager, reverse("cases:search")),
        (case_manager, reverse("deadlines:worklist")),
        (case_manager, reverse("deadlines:agenda")),
        (case_manager, reverse("deadlines:notifications")),
        (case_manager, reverse("measures:page", kwargs={"case_id": case.pk})),
        (case_manager, reverse("departures:page", kwargs={"case_id": case.pk})),
        (case_manager, reverse("removability:page", kwargs={"case_id": case.pk})),
        (case_manager, reverse("travel_documents:page", kwargs={"case_id": case.pk})),
        (team_lead, reverse("cases:team")),
        (team_lead, reverse("reports:dashboard")),
    ]
    for user, url in pages:
        response = english(user).get(url)
        assert response.status_code == 200, url
        text = _visible_text(response.content.decode())
        left = sorted(s for s in dutch if s in text)
        assert not left, f"{url}: {left[:5]}"


def test_deadline_explanations_read_in_english(
    english: Callable[[User], Client], make_case: Callable[..., Case], case_manager: User
) -> None:
    case = make_case(target_group="supervision", return_decision_date=dt.date(2026, 11, 20))
    page = _visible_text(
        english(case_manager).get(reverse("cases:dossier", kwargs={"case_id": case.pk})).content.decode()
    )
    assert "Departure term ends 18-12-2026: return decision 20-11-2026 + 4 weeks, art. 62" in page


def test_the_api_answers_in_the_accept_language(
    make_case: Callable[..., Case], case_manager: User, api_as: Callable[..., Any]
) -> None:
    case = make_case(target_group="supervision", return_decision_date=dt.date(2026, 11, 20))
    dutch = api_as(case_manager).get(f"/cases/{case.pk}").json()
    english = api_as(case_manager, **{"Accept-Language": "en"}).get(f"/cases/{case.pk}").json()
    assert dutch["deadlines"][0]["explanation"].startswith("Vertrektermijn eindigt 18-12-2026: terugkeerbesluit")
    assert english["deadlines"][0]["explanation"].startswith("Departure term ends 18-12-2026: return decision")
    refused = api_as(case_manager, **{"Accept-Language": "en"}).post("/worklist-marks", {"caseId": str(case.pk)})
    assert refused.status_code == 400
