"""The analyst's landing page: aggregate figures, no names."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from regie.web.helpers import web_errors

from .selectors import caseload_figures, closed_years


class PeriodForm(forms.Form):
    use_required_attribute = False
    jaar = forms.TypedChoiceField(label=_("Afgesloten in"), required=False, coerce=int, empty_value=None)

    def __init__(self, data: Any = None) -> None:
        super().__init__(data)
        self.fields["jaar"].choices = [("", _("Alle jaren")), *((y, str(y)) for y in closed_years())]  # type: ignore[attr-defined]


@login_required
@web_errors
def dashboard(request: HttpRequest) -> HttpResponse:
    form = PeriodForm(request.GET or None)
    year = form.cleaned_data.get("jaar") if form.is_bound and form.is_valid() else None
    figures = caseload_figures(user=request.user, closed_year=year)  # type: ignore[arg-type]
    return render(request, "reports/dashboard.html", {"figures": figures, "form": form})
