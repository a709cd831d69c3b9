"""The statistics: each figure against a fixture counted by hand, suppression, scope, and the page, CSV,
XLSX and API giving the same numbers. Runs on SQLite and PostgreSQL (the percentiles are window functions)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from regie.accounts.models import Team, User
from regie.cases import services
from regie.cases.models import Case
from regie.core.context import Actor
from regie.core.errors import PermissionDenied
from regie.measures.models import Detention
from regie.reports import figures
from regie.reports.figures import Chart, Column, Period, Table, cell
from regie.support.models import AmountRule, SupportGrant
from regie.testing.fixtures import closed_case, intake_data
from regie.travel_documents.models import IdentityDocument, LpRequest

pytestmark = pytest.mark.django_db

Q1 = Period(start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 1))


@pytest.fixture
def now() -> dt.datetime:
    return dt.datetime(2026, 11, 28, 10, 0)


def _case(by: User, *, opened: dt.date, closed: dt.date | None = None, outcome: str = "", **intake: Any) -> Case:
    case = services.case_intake(actor=Actor(user=by), data=intake_data(**intake)).case
    if closed is not None:
        closed_case(case, outcome, by)
    # The history's dates, set for the hand count (the services date everything today).
    Case.objects.filter(pk=case.pk).update(opened_on=opened, closed_on=closed)
    case.refresh_from_db()
    return case


@pytest.fixture
def history(
    frozen: dt.datetime, case_manager: User, other_case_manager: User, team: Team, other_team: Team
) -> dict[str, Any]:
    """Team A: closed forced 2026-01 (20 days), independent 2026-02 (30), unsupervised 2026-02 (75 days),
    five forced on 2026-03-20 (after 10, 20, 30, 40, 50 days); open since 2026-02-01 and since 2025-06-01.
    Team B: forced 2026-03 (9 days), open since 2026-03-05. LP requests, grants and detentions on team A."""
    d = dt.date
    a = case_manager
    c1 = _case(
        a, opened=d(2026, 1, 5), closed=d(2026, 1, 25), outcome="forced", source="police", target_group="supervision"
    )
    c2 = _case(a, opened=d(2026, 1, 10), closed=d(2026, 2, 9), outcome="independent_verified")
    c3 = _case(a, opened=d(2025, 12, 1), closed=d(2026, 2, 14), outcome="unsupervised")
    five = [
        _case(a, opened=d(2026, 3, 20) - dt.timedelta(days=n), closed=d(2026, 3, 20), outcome="forced")
        for n in (10, 20, 30, 40, 50)
    ]
    _case(a, opened=d(2026, 2, 1))
    _case(a, opened=d(2025, 6, 1))
    b = other_case_manager
    b1 = _case(b, opened=d(2026, 3, 1), closed=d(2026, 3, 10), outcome="forced")
    _case(b, opened=d(2026, 3, 5))

    for i, (outcome, days) in enumerate(
        [
            ("issued", 10),
            ("issued", 20),
            ("not_recognised", 30),
            ("border_handover", 40),
            ("insufficient_information", 50),
            ("withdrawn", 400),
            ("", None),
        ]
    ):
        sent = d(2026, 1, 1)
        LpRequest.objects.create(
            case=five[i % 5],
            country="MA",
            status="closed" if outcome else "sent",
            prepared_on=d(2026, 1, 1),
            sent_on=sent,
            outcome=outcome,
            outcome_on=sent + dt.timedelta(days=days) if days else None,
            lp_valid_until=d(2026, 12, 31) if outcome == "issued" else None,
        )
    LpRequest.objects.create(case=b1, country="DZ", status="sent", prepared_on=d(2026, 1, 2), sent_on=d(2026, 1, 3))

    for case, reason, days in [
        (five[0], "departed", 10),
        (five[1], "court_order", 20),
        (five[2], "no_prospect", 30),
        (five[3], "maximum_reached", 40),
        (five[4], "court_order", 50),
    ]:
        Detention.objects.create(
            case=case,
            basis="art59",
            place="DC Rotterdam",
            grounds="Synthetisch",
            starts_on=d(2026, 2, 1) - dt.timedelta(days=days),
            ends_on=d(2026, 2, 1),
            end_reason=reason,
        )

    def grant(case: Case, programme: str, status: str) -> None:
        rule = AmountRule.objects.filter(programme=programme).first()
        assert rule is not None
        SupportGrant.objects.create(
            case=case,
            person=case.person,
            programme=programme,
            beneficiary="adult",
            rule=rule,
            amount_cents=10000,
            cash_cents=10000,
            in_kind_cents=0,
            status=status,
            decided_on=d(2026, 1, 2),
        )

    grant(c1, "reintegration", "approved")
    grant(c2, "reintegration", "delivered")
    grant(c3, "reintegration", "approved")
    grant(five[0], "basic", "approved")
    grant(five[1], "reintegration", "rejected")  # refused: counts as no support
    return {"c1": c1, "five": five, "b1": b1}


def _by(table: Table, key: str) -> dict[str, dict[str, Any]]:
    return {row[key]: row for row in table.rows}


def _shown(table: Table, row: dict[str, Any], key: str) -> str:
    return cell(row, next(c for c in table.columns if c.key == key)).display


# --- each figure against the hand count --------------------------------------------------------------------
def test_outcomes_per_month_and_quarter(analyst: User, history: dict[str, Any]) -> None:
    months = _by(figures.outcomes(user=analyst, period=Q1), "period")
    assert list(months) == ["2026-01", "2026-02", "2026-03"]
    assert months["2026-01"] | {} == months["2026-01"] and months["2026-01"]["demonstrable"] == 1
    assert (months["2026-02"]["demonstrable"], months["2026-02"]["not_demonstrable"], months["2026-02"]["total"]) == (
        1,
        1,
        2,
    )
    assert (months["2026-03"]["demonstrable"], months["2026-03"]["total"]) == (6, 6)
    quarter = figures.outcomes(user=analyst, period=Period(Q1.start, Q1.end, grouping="quarter"))
    assert [(r["period"], r["demonstrable"], r["not_demonstrable"], r["other"], r["total"]) for r in quarter.rows] == [
        ("2026-K1", 8, 1, 0, 9)
    ]


def test_outcomes_broken_down_by_source_and_team(analyst: User, history: dict[str, Any]) -> None:
    by_source = figures.outcomes(user=analyst, period=Period(Q1.start, Q1.end, grouping="quarter", breakdown="source"))
    assert {r["group"]: r["total"] for r in by_source.rows} == {"IND": 8, "Politie / AVIM": 1}
    by_team = figures.outcomes(user=analyst, period=Period(Q1.start, Q1.end, grouping="quarter", breakdown="team"))
    assert sorted(r["total"] for r in by_team.rows) == [1, 8]
    by_nationality = figures.outcomes(
        user=analyst, period=Period(Q1.start, Q1.end, grouping="quarter", breakdown="nationality")
    )
    assert sum(r["total"] for r in by_nationality.rows) == 9


def test_caseload_over_time(analyst: User, history: dict[str, Any]) -> None:
    rows = figures.caseload(user=analyst, period=Q1).rows
    # Before January: the unsupervised case (opened 2025-12) and the open one from 2025-06.
    assert [(r["period"], r["opened"], r["closed"], r["open"]) for r in rows] == [
        ("2026-01", 3, 1, 4),
        ("2026-02", 4, 2, 6),
        ("2026-03", 3, 6, 3),
    ]
    # Nobody holds a travel document; the border handover agreed on 2026-02-10 makes one case removable at
    # the end of February (it closed in March).
    assert [r["removable"] for r in rows] == [0, 1, 0]


def test_the_removable_share_over_time_counts_what_the_dossier_held_then(
    analyst: User, history: dict[str, Any]
) -> None:
    """Removable at the end of each month: a passport counts from the day it was recorded, while valid."""
    d = dt.date
    since_june = Case.objects.get(opened_on=d(2025, 6, 1))
    since_february = Case.objects.get(opened_on=d(2026, 2, 1))

    def passport(case: Case, *, recorded: dt.date, valid_until: dt.date) -> None:
        doc = IdentityDocument.objects.create(
            person=case.person, kind="passport", issuing_country="MA", valid_until=valid_until
        )
        at = timezone.make_aware(dt.datetime.combine(recorded, dt.time(12)))
        IdentityDocument.objects.filter(pk=doc.pk).update(created_at=at)

    passport(since_june, recorded=d(2026, 1, 10), valid_until=d(2026, 2, 15))  # expires in February
    passport(since_february, recorded=d(2026, 3, 15), valid_until=d(2027, 1, 1))  # recorded in March
    rows = figures.caseload(user=analyst, period=Q1).rows
    assert [(r["period"], r["open"], r["removable"]) for r in rows] == [
        ("2026-01", 4, 1),
        ("2026-02", 6, 1),  # the passport expired; the border handover (above) counts
        ("2026-03", 3, 1),
    ]
    # Suppressed like every small count; the share follows its basis.
    table = figures.caseload(user=analyst, period=Q1)
    assert _shown(table, table.rows[0], "removable") == "< 5" and _shown(table, table.rows[0], "share") == "< 5"


def test_removable_share_today(analyst: User, history: dict[str, Any]) -> None:
    table = figures.removable(user=analyst, period=Q1)
    assert [(r["open"], r["removable"]) for r in table.rows] == [(3, 0)]
    assert _shown(table, table.rows[0], "open") == "< 5"
    assert _shown(table, table.rows[0], "share") == "< 5"  # derived from a suppressed count


def test_durations_median_and_p90_by_outcome(analyst: User, history: dict[str, Any]) -> None:
    table = figures.durations(user=analyst, period=Q1)
    rows = _by(table, "outcome")
    forced = rows["Gedwongen vertrek"]
    # Forced: 10, 20, 20, 30, 40, 50 and 9 (team B) -> 9, 10, 20, 20, 30, 40, 50; rank ceil(3.5)=4, ceil(6.3)=7.
    assert (forced["n"], forced["median"], forced["p90"]) == (7, 20, 50)
    unsupervised = rows["Vertrek zonder toezicht"]
    assert (unsupervised["n"], unsupervised["median"]) == (1, 75)
    assert _shown(table, unsupervised, "median") == "< 5" and _shown(table, forced, "median") == "20"


def test_percentiles_are_the_nearest_rank(analyst: User, history: dict[str, Any]) -> None:
    five = Case.objects.filter(pk__in=[c.pk for c in history["five"]])
    from django.db.models import F, Value

    got = figures.percentiles(
        five, partition=Value(1), value=F("closed_on") - F("opened_on"), fractions=(0.5, 0.9, 0.2)
    )
    assert {k: v.days for k, v in got[1].items() if k != "n"} == {0.5: 30, 0.9: 50, 0.2: 10}
    assert got[1]["n"] == 5


def test_lp_requests_by_country(analyst: User, history: dict[str, Any]) -> None:
    table = figures.lp_requests(user=analyst, period=Q1)
    rows = _by(table, "country")
    ma = rows["MA"]
    assert (ma["total"], ma["issued"], ma["refused"], ma["withdrawn"], ma["open"]) == (7, 2, 2, 1, 1) or (
        ma["total"],
        ma["issued"],
        ma["refused"],
        ma["withdrawn"],
        ma["open"],
    ) == (7, 3, 2, 1, 1)
    # issued = issued + border handover; refused = not recognised + insufficient information.
    assert (ma["issued"], ma["refused"]) == (3, 2)
    # Answered: 10, 20, 30, 40, 50 days -> median 30.
    assert (ma["answered"], ma["median"]) == (5, 30)
    assert _shown(table, ma, "issued") == "< 5" and _shown(table, ma, "median") == "30"
    assert (rows["DZ"]["total"], rows["DZ"]["open"]) == (1, 1)


def test_support_versus_outcome(analyst: User, history: dict[str, Any]) -> None:
    table = figures.support(user=analyst, period=Q1)
    rows = _by(table, "support")
    reintegration = rows["Herintegratieondersteuning toegekend"]
    assert (reintegration["closed"], reintegration["demonstrable"]) == (3, 2)
    assert (
        rows["Alleen basisvertrekondersteuning"]["closed"],
        rows["Alleen basisvertrekondersteuning"]["demonstrable"],
    ) == (1, 1)
    assert (rows["Geen ondersteuning"]["closed"], rows["Geen ondersteuning"]["demonstrable"]) == (5, 5)
    assert _shown(table, rows["Geen ondersteuning"], "share") == "100,0 %"
    assert _shown(table, reintegration, "share") == "< 5"


def test_detentions_durations_and_releases(analyst: User, history: dict[str, Any]) -> None:
    table = figures.detentions(user=analyst, period=Q1)
    rows = _by(table, "reason")
    total = rows["Totaal"]
    assert (total["n"], total["released"], total["median"], total["p90"]) == (5, 4, 30, 50)
    court = rows["Opgeheven door de rechter"]
    assert (court["n"], court["released"], court["median"]) == (2, 2, 20)
    assert _shown(table, court, "median") == "< 5" and _shown(table, total, "released") == "< 5"
    assert rows["Vertrokken"]["released"] == 0


# --- suppression ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "shown", "suppressed"), [(0, "0", False), (1, "< 5", True), (4, "< 5", True), (5, "5", False)]
)
def test_small_cells_are_suppressed(value: int, shown: str, suppressed: bool) -> None:
    got = cell({"n": value}, Column("n", "n"))
    assert (got.display, got.suppressed) == (shown, suppressed)
    assert got.value == (None if suppressed else value)


def test_shares_and_durations_of_small_cells_are_suppressed() -> None:
    share = Column("s", "s", "share", ("a", "b"))
    assert cell({"a": 3, "b": 10}, share).suppressed and cell({"a": 5, "b": 3}, share).suppressed
    assert cell({"a": 5, "b": 10}, share).display == "50,0 %" and cell({"a": 0, "b": 0}, share).display == "–"
    days = Column("d", "d", "days", ("n",))
    assert cell({"n": 4, "d": 12}, days).suppressed and cell({"n": 5, "d": 12}, days).value == 12


def test_a_lone_suppressed_part_of_a_total_takes_the_next_smallest_with_it() -> None:
    """12 = 3 + 4 + 5: hiding 3 alone would give it away (12 - 4 - 5), but here two are small anyway.
    20 = 3 + 7 + 10: 3 is hidden, so 7 (the smallest part shown) is hidden too; the share over it as well."""
    table = Table(
        code="t",
        title="t",
        description="t",
        columns=[
            Column("a", "a"),
            Column("b", "b"),
            Column("c", "c"),
            Column("total", "total"),
            Column("share_b", "share", "share", ("b", "total")),
        ],
        rows=[
            {"a": 3, "b": 7, "c": 10, "total": 20},
            {"a": 0, "b": 7, "c": 10, "total": 17},
            {"a": 6, "b": 7, "c": 10, "total": 23},
        ],
        chart=Chart("bar", ("a",)),
        sums=(("total", ("a", "b", "c")),),
    )
    first, no_small, none_small = ([c.display for c in row] for row in table.shown())
    assert first == ["< 5", "< 5", "10", "20", "< 5"]
    assert no_small == ["0", "7", "10", "17", "41,2 %"]  # a zero gives nothing away
    assert none_small == ["6", "7", "10", "23", "30,4 %"]
    # A suppressed total (all its non-zero parts are small too) needs nothing more.
    assert table.hidden({"a": 1, "b": 2, "c": 0, "total": 3}) == {"a", "b", "total"}


def test_the_outcomes_table_suppresses_secondarily(analyst: User, history: dict[str, Any]) -> None:
    """2026-02: one demonstrable, one not demonstrable, two in all: everything small. 2026-03 by quarter:
    8 demonstrable, 1 not, 0 other, 9 in all: the lone small cell takes the 8 with it (9 - 1 = 8 anyway)."""
    quarter = figures.outcomes(user=analyst, period=Period(Q1.start, Q1.end, grouping="quarter"))
    (row,) = quarter.rows
    shown = {c.key: cell.display for c, cell in zip(quarter.columns, quarter.cells(row), strict=True)}
    assert shown["not_demonstrable"] == "< 5" and shown["demonstrable"] == "< 5" and shown["total"] == "9"
    assert shown["share"] == "< 5"


# --- scope ---------------------------------------------------------------------------------------------------
def test_a_team_lead_gets_no_counts_from_another_team(
    team_lead: User, make_user: Callable[..., User], other_team: Team, history: dict[str, Any]
) -> None:
    mine = _by(figures.outcomes(user=team_lead, period=Q1), "period")
    assert mine["2026-03"]["total"] == 5
    assert "DZ" not in _by(figures.lp_requests(user=team_lead, period=Q1), "country")
    other = make_user("team_lead", other_team)
    theirs = _by(figures.outcomes(user=other, period=Q1), "period")
    assert [theirs[p]["total"] for p in ("2026-01", "2026-02", "2026-03")] == [0, 0, 1]
    assert list(_by(figures.lp_requests(user=other, period=Q1), "country")) == ["DZ"]
    assert _by(figures.detentions(user=other, period=Q1), "reason")["Totaal"]["n"] == 0
    assert [r["open"] for r in figures.caseload(user=other, period=Q1).rows] == [0, 0, 1]


def test_other_roles_are_refused(case_manager: User, privacy_officer: User, partner: User) -> None:
    for user in (case_manager, privacy_officer, partner):
        for code in figures.FIGURES:
            with pytest.raises(PermissionDenied):
                figures.figure(code, user=user, period=Q1)


# --- page, CSV, XLSX and API agree -----------------------------------------------------------------------------
QUERY = {"van": "2026-01", "tot": "2026-03"}
API_QUERY = "fromMonth=2026-01&toMonth=2026-03"


def _page_cells(body: str, code: str) -> list[list[str]]:
    from html.parser import HTMLParser

    class Cells(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.section = ""
            self.rows: list[list[str]] = []
            self.in_cell = False
            self.in_body = False

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            a = dict(attrs)
            if tag == "section":
                self.section = (a.get("aria-labelledby") or "")[2:]
            if self.section != code:
                return
            if tag == "tbody":
                self.in_body = True
            elif tag == "tr" and self.in_body:
                self.rows.append([])
            elif tag in ("td", "th") and self.in_body:
                self.in_cell = True
                self.rows[-1].append("")

        def handle_endtag(self, tag: str) -> None:
            if tag in ("td", "th"):
                self.in_cell = False
            if tag == "tbody":
                self.in_body = False

        def handle_data(self, data: str) -> None:
            if self.in_cell and self.section == code:
                self.rows[-1][-1] += data.strip()

    parser = Cells()
    parser.feed(body)
    return parser.rows


def _plain(value: Any) -> Any:
    """A cell as a comparable value: numbers as floats (a spreadsheet reads 100.0 back as 100)."""
    if isinstance(value, int | float):
        return float(value)
    return "" if value is None else str(value)


def test_page_csv_xlsx_and_api_give_the_same_numbers(
    analyst: User, web_as: Callable[[User], Client], api_as: Callable[..., Any], history: dict[str, Any]
) -> None:
    client = web_as(analyst)
    page = client.get(reverse("reports:statistics"), QUERY)
    assert page.status_code == 200
    body = page.content.decode()
    c1 = history["c1"]
    assert c1.number not in body and c1.person.v_number not in body and c1.person.family_name not in body
    api = api_as(analyst)
    workbook = load_workbook(io.BytesIO(client.get(reverse("reports:download", args=["alle", "xlsx"]), QUERY).content))
    for code in figures.FIGURES:
        shown = _page_cells(body, code)
        assert shown, code
        response = client.get(reverse("reports:download", args=[code, "csv"]), QUERY)
        assert response["Content-Type"].startswith("text/csv")
        text = response.content.decode("utf-8")
        assert text.startswith("\ufeff")
        in_csv = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))[1:]
        assert in_csv == shown, code
        answer = api.get(f"/statistics/{code}?{API_QUERY}")
        assert answer.status_code == 200, answer.content
        in_api = [[c["display"] for c in row["cells"]] for row in answer.json()["rows"]]
        assert in_api == shown, code
        sheet = workbook[code]
        in_xlsx = [[_plain(v) for v in row] for row in sheet.iter_rows(min_row=3, values_only=True)]
        numbers = [
            [_plain(c["display"] if c["suppressed"] or c["value"] is None else c["value"]) for c in row["cells"]]
            for row in answer.json()["rows"]
        ]
        assert in_xlsx == numbers, code
    assert "< 5" in body


def test_api_cells_document_suppression(analyst: User, api_as: Callable[..., Any], history: dict[str, Any]) -> None:
    answer = api_as(analyst).get(f"/statistics/lp-requests?{API_QUERY}").json()
    keys = [c["key"] for c in answer["columns"]]
    ma = next(r for r in answer["rows"] if r["cells"][0]["value"] == "MA")
    issued = ma["cells"][keys.index("issued")]
    assert issued == {"column": "issued", "value": None, "display": "< 5", "suppressed": True}
    assert ma["cells"][keys.index("total")]["value"] == 7


def test_the_chart_is_svg_with_the_suppressed_label(
    analyst: User, web_as: Callable[[User], Client], history: dict[str, Any]
) -> None:
    response = web_as(analyst).get(reverse("reports:chart", args=["lp-requests"]), QUERY)
    assert response.status_code == 200 and response["Content-Type"].startswith("image/svg+xml")
    svg = response.content.decode()
    assert "<svg" in svg and "&lt; 5" in svg
    policy = response["Content-Security-Policy"]
    assert "script-src 'none'" in policy and "default-src 'none'" in policy


def test_other_roles_get_403_and_bad_periods_name_the_field(
    case_manager: User,
    analyst: User,
    team_lead: User,
    web_as: Callable[[User], Client],
    api_as: Callable[..., Any],
) -> None:
    assert web_as(case_manager).get(reverse("reports:statistics")).status_code == 403
    assert web_as(case_manager).get(reverse("reports:download", args=["outcomes", "csv"])).status_code == 403
    assert api_as(case_manager).get("/statistics/outcomes").status_code == 403
    assert web_as(team_lead).get(reverse("reports:statistics")).status_code == 200
    assert api_as(team_lead).get("/statistics/outcomes").status_code == 200
    page = web_as(analyst).get(reverse("reports:statistics"), {"van": "2026-05", "tot": "2026-01"})
    assert page.status_code == 400 and "Tot en met (maand)" in page.content.decode()
    bad = api_as(analyst).get("/statistics/outcomes?fromMonth=2026-05&toMonth=2026-01")
    assert bad.status_code == 400 and "toMonth" in bad.content.decode()
    assert web_as(analyst).get(reverse("reports:download", args=["nothing", "csv"])).status_code == 404
    assert api_as(analyst).get("/statistics/outcomes?fromMonth=0000-01").status_code == 400
    assert api_as(analyst).get("/statistics/outcomes?toMonth=9999-12").status_code == 400
    far = web_as(analyst).get(reverse("reports:statistics"), {"tot": "9999-12"})
    assert far.status_code == 400 and "Kies een maand tussen 1900 en 2099." in far.content.decode()
