"""Shared API schemas: lowerCamelCase JSON both ways, strict input, the problem document, pages.

Inputs accept only the camelCase names they document (`vNumber`, not `v_number`) and refuse unknown
members, so a typo in a delivering system's payload is an error instead of a silently lost fact.
"""

from __future__ import annotations

from typing import Any, Self, TypeVar

from django.db.models import Model, QuerySet
from ninja import Schema
from pydantic import ConfigDict, Field, field_validator, model_validator
from pydantic.alias_generators import to_camel

M = TypeVar("M", bound=Model)


def _no_control_text(value: Any) -> Any:
    """Text that PostgreSQL can store: no NUL bytes and no lone surrogates (both 500 there, not 400)."""
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("Het teken NUL is niet toegestaan.")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("De tekst bevat ongeldige tekens.") from None
    return value


class InSchema(Schema):
    """Base of request bodies and query parameters."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_alias=True,
        validate_by_name=False,
        serialize_by_alias=True,
        extra="forbid",
        use_enum_values=True,
    )

    @field_validator("*", mode="after")
    @classmethod
    def _text_is_storable(cls, value: Any) -> Any:
        return _no_control_text(value)

    def arguments(self, **overrides: Any) -> dict[str, Any]:
        """The body as a service's keyword arguments: each field under its Python name, `version` as
        `expected_version` (the version the caller saw), and `overrides` in place of the fields they name
        (a member that must be looked up or converted first)."""
        values = {name: getattr(self, name) for name in type(self).model_fields if name not in overrides}
        if "version" in values:
            values["expected_version"] = values.pop("version")
        return {**values, **overrides}


class ChangesIn(InSchema):
    """Base of a partial update: the members sent change, the others stay; `version` is the one read."""

    version: int

    @model_validator(mode="after")
    def _something_changes(self) -> Self:
        if not self.model_fields_set - {"version"}:
            raise ValueError("Geef ten minste één gegeven om te wijzigen.")
        return self

    def changes(self) -> dict[str, Any]:
        """The members sent, by their Python names, without the version."""
        return self.model_dump(by_alias=False, exclude_unset=True, exclude={"version"})


class OutSchema(Schema):
    """Base of response bodies: built from attribute names, written as camelCase."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_alias=True,
        validate_by_name=True,
        serialize_by_alias=True,
        use_enum_values=True,
    )

    @classmethod
    def of(cls, obj: Any, **values: Any) -> Self:
        """The representation of `obj`: each field read from the attribute of the same name, except the
        ones given in `values` (computed, renamed or withheld). Enums and types are validated as usual."""
        read = {name: getattr(obj, name) for name in cls.model_fields if name not in values}
        return cls(**read, **values)


class PageQuery(InSchema):
    # Query strings are tolerant: an unknown parameter (a cache buster) is ignored, not refused.
    model_config = ConfigDict(extra="ignore")

    page: int = Field(1, ge=1, le=100_000, description="Page number, from 1.")
    page_size: int = Field(25, ge=1, le=100, description="Items per page, at most 100.")


def paginate(queryset: QuerySet[M], query: PageQuery) -> tuple[list[M], dict[str, int]]:
    """One page of an ordered queryset, and the members that say where that page is (see PageOut)."""
    total = queryset.count()
    start = (query.page - 1) * query.page_size
    items = list(queryset[start : start + query.page_size])
    position = {
        "page": query.page,
        "page_size": query.page_size,
        "total_items": total,
        "total_pages": (total + query.page_size - 1) // query.page_size,
    }
    return items, position


class PageOut(OutSchema):
    """Base of paged lists: the items of one page and where that page is."""

    page: int
    page_size: int
    total_items: int
    total_pages: int


class Health(OutSchema):
    status: str = Field(description="`ok` when the application answers.", examples=["ok"])
