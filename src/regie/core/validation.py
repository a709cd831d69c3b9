"""Model validation on hot paths: `full_clean`'s field checks, answered inline for plain text.

`clean(obj, exclude=...)` is `obj.full_clean(exclude=..., validate_unique=False,
validate_constraints=False)` (the database enforces uniqueness and check constraints; the services
check them first with messages for people). Django's `clean_fields` runs `to_python`, `validate` and
every validator of every field through several calls each; for a text field holding a `str` those
come down to three comparisons (blank, choices, length), which are done here from a table built once
per model. Other fields are cleaned exactly as `clean_fields` does. Whenever anything fails, the real
`full_clean` runs and raises Django's own error, so the refusal (fields, messages, codes) is the same.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.expressions import DatabaseDefault

# Fields whose `to_python` returns a value of exactly this type as it is, and that have no validators.
_PLAIN_TYPES: dict[type, type] = {
    models.DateField: dt.date,
    models.UUIDField: uuid.UUID,
    models.BooleanField: bool,
}


@functools.cache
def _plan(model: type[models.Model], exclude: frozenset[str]) -> tuple[tuple[object, ...], ...]:
    """Per field not excluded: ("text", attname, blank, choices or None, max_length or None) for a
    CharField/TextField whose only validator is its own length, else ("field", field)."""
    plan: list[tuple[object, ...]] = []
    for f in model._meta.fields:
        if f.name in exclude or f.generated:
            continue
        validators = f.validators
        if (
            type(f) in (models.CharField, models.TextField)
            and f.editable
            and all(type(v) is MaxLengthValidator and v.limit_value == f.max_length for v in validators)
            and (f.choices is None or all(isinstance(k, str) for k, _ in f.flatchoices))
        ):
            choices = frozenset(k for k, _ in f.flatchoices) if f.choices is not None else None
            plan.append(("text", f.attname, f.blank, choices, f.max_length if validators else None))
        elif type(f) in _PLAIN_TYPES and f.choices is None and not validators:
            # to_python gives a value of this very type back as it is; nothing else to check but emptiness.
            plan.append(("plain", f.attname, _PLAIN_TYPES[type(f)], f))
        elif (
            isinstance(f, models.IntegerField)
            and f.choices is None
            and all(
                type(v) in (MinValueValidator, MaxValueValidator) and type(getattr(v, "limit_value", None)) is int
                for v in validators
            )
        ):
            low = max((v.limit_value for v in validators if type(v) is MinValueValidator), default=None)
            high = min((v.limit_value for v in validators if type(v) is MaxValueValidator), default=None)
            plan.append(("int", f.attname, low, high, f))
        else:
            plan.append(("field", f))
    return tuple(plan)


def clean(obj: models.Model, *, exclude: Iterable[str] = ()) -> None:
    """`obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)`, cheaper."""
    model = type(obj)
    if model.clean is not models.Model.clean or not _clean_fields(obj, _plan(model, frozenset(exclude))):
        obj.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)


def _clean_fields(obj: models.Model, plan: tuple[tuple[object, ...], ...]) -> bool:
    """True when every field passes (values converted as `clean_fields` does); False at the first doubt."""
    values = obj.__dict__
    for step in plan:
        if step[0] == "text":
            _, attname, blank, choices, max_length = step
            value = values.get(attname)  # type: ignore[call-overload]
            if type(value) is str:  # an enum member takes the general path (its hash is its name's)
                if value == "":
                    if blank:
                        continue
                    return False
                if choices is not None and value not in choices:  # type: ignore[operator]
                    return False
                if max_length is not None and len(value) > max_length:  # type: ignore[operator]
                    return False
                continue
            field: models.Field = obj._meta.get_field(attname)  # type: ignore[assignment,arg-type]
        elif step[0] == "plain":
            if type(values.get(step[1])) is step[2]:  # type: ignore[call-overload]
                continue
            field = step[3]  # type: ignore[assignment]
        elif step[0] == "int":
            _, attname, low, high, field = step  # type: ignore[assignment]
            value = values.get(attname)  # type: ignore[call-overload]
            if type(value) is int and (low is None or value >= low) and (high is None or value <= high):  # type: ignore[operator]
                continue
        else:
            field = step[1]  # type: ignore[assignment]
        raw = getattr(obj, field.attname)
        if (field.blank and raw in field.empty_values) or isinstance(raw, DatabaseDefault):
            continue
        try:
            setattr(obj, field.attname, field.clean(raw, obj))
        except ValidationError:
            return False
    return True
