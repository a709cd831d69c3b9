"""The statistics API: `GET /statistics/{figure}` for analysts (all teams) and team leads (their teams).

The same figure functions as the page (`reports.figures`), the same small-cell suppression; no person in
any answer, so no access record.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Query, Router

from regie.api.auth import caller
from regie.core.errors import ValidationFailed

from .figures import Period, figure
from .schemas import StatisticOut, StatisticsQuery

router = Router(tags=["statistics"], by_alias=True)
MAX_MONTHS = 60


def _month(value: str) -> dt.date:
    year, month = value.split("-")
    return dt.date(int(year), int(month), 1)


def _period(query: StatisticsQuery) -> Period:
    default = Period.last_year()
    end = _month(query.to_month) if query.to_month else default.end
    start = _month(query.from_month) if query.from_month else Period.last_year(end).start
    if start > end:
        raise ValidationFailed({"toMonth": ["De maand 'tot en met' ligt vóór de maand 'van'."]})
    if (end.year - start.year) * 12 + end.month - start.month >= MAX_MONTHS:
        raise ValidationFailed({"fromMonth": ["Kies een periode van ten hoogste 60 maanden."]})
    return Period(start=start, end=end, grouping=query.grouping, breakdown=query.breakdown)


def _answer(request: HttpRequest, code: str, query: StatisticsQuery) -> StatisticOut:
    period = _period(query)
    return StatisticOut.from_table(code, figure(code, user=caller(request), period=period), period)


@router.get("/statistics/outcomes", response=StatisticOut, summary="Closed cases by outcome category")
def statistics_outcomes(request: HttpRequest, query: Query[StatisticsQuery]) -> StatisticOut:
    """Cases closed per month or quarter in the official outcome categories (demonstrable, not
    demonstrable, other), optionally by source, target group, nationality or team."""
    return _answer(request, "outcomes", query)


@router.get("/statistics/caseload", response=StatisticOut, summary="Open caseload over time")
def statistics_caseload(request: HttpRequest, query: Query[StatisticsQuery]) -> StatisticOut:
    """Per period: cases opened, cases closed, and the open caseload at its end."""
    return _answer(request, "caseload", query)


@router.get("/statistics/removable", response=StatisticOut, summary="Removable share of the open caseload")
def statistics_removable(request: HttpRequest, query: Query[StatisticsQuery]) -> StatisticOut:
    """The open caseload today and how much of it is removable now, optionally broken down."""
    return _answer(request, "removable", query)


@router.get("/statistics/durations", response=StatisticOut, summary="Durations from intake to closing")
def statistics_durations(request: HttpRequest, query: Query[StatisticsQuery]) -> StatisticOut:
    """Median and 90th percentile (nearest rank) of the days from intake to closing, per outcome."""
    return _answer(request, "durations", query)


@router.get("/statistics/lp-requests", response=StatisticOut, summary="LP requests by country")
def statistics_lp_requests(request: HttpRequest, query: Query[StatisticsQuery]) -> StatisticOut:
    """Laissez-passer requests prepared in the period, per country: issued, refused, withdrawn, open, and
    the median days from sending to the answer."""
    return _answer(request, "lp-requests", query)


@router.get("/statistics/support", response=StatisticOut, summary="Support granted versus outcome")
def statistics_support(request: HttpRequest, query: Query[StatisticsQuery]) -> StatisticOut:
    """Cases closed in the period by the support granted (reintegration, basic only, none) and the share
    that departed demonstrably."""
    return _answer(request, "support", query)


@router.get("/statistics/detentions", response=StatisticOut, summary="Detention durations and releases")
def statistics_detentions(request: HttpRequest, query: Query[StatisticsQuery]) -> StatisticOut:
    """Detentions ended in the period by reason: how many, median and 90th percentile of their duration,
    and the releases without departure."""
    return _answer(request, "detentions", query)
