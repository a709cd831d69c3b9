"""Template helpers of the support pages: amounts in euro, Dutch notation."""

from __future__ import annotations

from django import template

from regie.support.domain import euro as euro_text

register = template.Library()


@register.filter
def euro(cents: int | None) -> str:
    """Whole euro cents as € 1.800 or € 1.800,50."""
    return "–" if cents is None else euro_text(int(cents))


@register.filter
def report_kind(code: str) -> str:
    """The label of a kind of partner report (support.choices.ReportKind) in the page's language."""
    from regie.support.choices import ReportKind

    return str(ReportKind(code).label) if code in ReportKind.values else code
