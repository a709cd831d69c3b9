"""The browser fixtures of regie.web's e2e tests (one Chromium per session, axe-core)."""

from __future__ import annotations

from typing import Any

import pytest

from regie.web.tests.e2e.conftest import axe_source, browser, page

__all__ = ["axe_source", "browser", "page"]


@pytest.fixture(autouse=True)
def _rules_seeded(transactional_db: Any) -> None:
    """The rule table that migrations seed: a flush between transactional tests can leave it empty."""
    from regie.deadlines.domain import DEFAULT_RULES
    from regie.deadlines.models import DeadlineRule

    for r in DEFAULT_RULES:
        DeadlineRule.objects.get_or_create(
            code=r.code,
            variant=r.variant,
            valid_from=r.valid_from,
            defaults={
                "label": r.label,
                "basis": r.basis,
                "amount": r.amount,
                "unit": r.unit,
                "valid_until": r.valid_until,
            },
        )
