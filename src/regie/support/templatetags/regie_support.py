"""Template helpers of the support pages: amounts in euro, Dutch notation."""

from __future__ import annotations

from django import template

from regie.support.domain import euro as euro_text

register = template.Library()


@register.filter
def euro(cents: int | None) -> str:
    """Whole euro cents as € 1.800 or € 1.800,50."""
    return "–" if cents is None else euro_text(int(cents))
