"""The analyst's and team lead's pages: aggregate figures, no names.

`dashboard` is the landing page (counts in the official categories). `statistics` shows every figure of
`figures.FIGURES` with its chart (an `<img>` of `chart`), its data table and its downloads (`download`:
CSV per figure, XLSX with every figure). Figures hold no person, so no access record is written; a
download is logged (user id, figure, format: no personal data) but not audited (decision 0021).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from csp.constants import NONE
from csp.decorators import csp_replace
from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from regie.accounts.models import User
from regie.web.helpers import current_user, error_summary, web_errors

from . import charts, exports
from .figures import FIGURES, Breakdown, Grouping, Period, Table, figure, require_statistics
from .selectors import caseload_figures, closed_years

log = logging.getLogger(__name__)
MAX_MONTHS = 60


class PeriodForm(forms.Form):
    use_required_attribute = False
    jaar = forms.TypedChoiceField(label=_("Afgesloten in"), required=False, coerce=int, empty_value=None)

    def __init__(self, data: Any = None) -> None:
        super().__init__(data)
        self.fields["jaar"].choices = [("", _("Alle jaren")), *((y, str(y)) for y in closed_years())]  # type: ignore[attr-defined]


class MonthInput(forms.DateInput):
    input_type = "month"


class StatisticsForm(forms.Form):
    """The period (from and to month), the grouping and the breakdown of the figures."""

    use_required_attribute = False
    van = forms.DateField(
        label=_("Van (maand)"), required=False, input_formats=["%Y-%m"], widget=MonthInput(format="%Y-%m")
    )
    tot = forms.DateField(
        label=_("Tot en met (maand)"), required=False, input_formats=["%Y-%m"], widget=MonthInput(format="%Y-%m")
    )
    groepering = forms.ChoiceField(label=_("Per"), required=False, choices=Grouping.CHOICES)
    uitsplitsing = forms.ChoiceField(label=_("Uitgesplitst naar"), required=False, choices=Breakdown.CHOICES)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("van"), data.get("tot")
        for name in ("van", "tot"):
            if data.get(name) and not 1900 <= data[name].year <= 2099:
                self.add_error(name, _("Kies een maand tussen 1900 en 2099."))
                return data
        if start and end:
            if start > end:
                self.add_error("tot", _("De maand 'tot en met' ligt vóór de maand 'van'."))
            elif (end.year - start.year) * 12 + end.month - start.month >= MAX_MONTHS:
                self.add_error("van", _("Kies een periode van ten hoogste 60 maanden."))
        return data

    def period(self) -> Period:
        """The chosen period, or the last twelve months where nothing (valid) was chosen."""
        default = Period.last_year()
        if not self.is_bound or not self.is_valid():
            return default
        d = self.cleaned_data
        end: dt.date = d.get("tot") or default.end
        start: dt.date = d.get("van") or Period.last_year(end).start
        return Period(
            start=start.replace(day=1),
            end=end.replace(day=1),
            grouping=d.get("groepering") or Grouping.MONTH,
            breakdown=d.get("uitsplitsing") or Breakdown.NONE,
        )


def _period(request: HttpRequest) -> tuple[StatisticsForm, Period]:
    form = StatisticsForm(request.GET or None)
    return form, form.period()


def _figure(request: HttpRequest, code: str) -> Table:
    if code not in FIGURES:
        raise Http404
    _form, period = _period(request)
    return figure(code, user=current_user(request), period=period)


@login_required
@web_errors
def dashboard(request: HttpRequest) -> HttpResponse:
    form = PeriodForm(request.GET or None)
    year = form.cleaned_data.get("jaar") if form.is_bound and form.is_valid() else None
    figures = caseload_figures(user=request.user, closed_year=year)  # type: ignore[arg-type]
    return render(request, "reports/dashboard.html", {"figures": figures, "form": form})


@login_required
@web_errors
def statistics(request: HttpRequest) -> HttpResponse:
    user: User = current_user(request)
    require_statistics(user)
    form, period = _period(request)
    tables = [figure(code, user=user, period=period) for code in FIGURES]
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(
        request,
        "reports/statistics.html",
        {
            "form": form,
            "errors": error_summary(form),
            "period": period,
            "tables": [(code, t) for code, t in zip(FIGURES, tables, strict=True)],
            "query": request.GET.urlencode(),
        },
        status=status,
    )


# The chart is an SVG document shown as an image: pygal's own <style> must apply inside it, and nothing
# else may (no scripts run in an image; its own policy forbids them anyway).
@csp_replace({"default-src": [NONE], "style-src": ["'unsafe-inline'"], "script-src": [NONE], "img-src": [NONE]})
@login_required
@web_errors
def chart(request: HttpRequest, code: str) -> HttpResponse:
    table = _figure(request, code)
    return HttpResponse(charts.render(table), content_type="image/svg+xml; charset=utf-8")


@login_required
@web_errors
def download(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    user = current_user(request)
    require_statistics(user)
    if fmt == "xlsx" and code == "alle":
        _form, period = _period(request)
        content: str | bytes = exports.to_xlsx(figure(c, user=user, period=period) for c in FIGURES)
        name = "statistiek"
    elif fmt == "csv":
        content = exports.to_csv(_figure(request, code))
        name = f"statistiek-{code}"
    elif fmt == "xlsx":
        content = exports.to_xlsx([_figure(request, code)])
        name = f"statistiek-{code}"
    else:
        raise Http404
    log.info("statistics download: user %s, figure %s, format %s", user.pk, code, fmt)
    types = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    response = HttpResponse(content, content_type=types[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
