"""Reference data every installation starts with: the deadline rules in deadlines.domain.DEFAULT_RULES."""

from __future__ import annotations

from typing import Any


def rules_seed(model: Any = None) -> int:
    """Insert the default rules that are missing (idempotent). `model` lets a migration pass its own."""
    from .domain import DEFAULT_RULES

    if model is None:
        from .models import DeadlineRule as model
    created = 0
    for r in DEFAULT_RULES:
        _, was_created = model.objects.get_or_create(
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
        created += was_created
    return created
