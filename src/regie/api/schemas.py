"""Shared API schemas: lowerCamelCase JSON both ways, strict input, the problem document, pages.

Inputs accept only the camelCase names they document (`vNumber`, not `v_number`) and refuse unknown
members, so a typo in a delivering system's payload is an error instead of a silently lost fact.

Inputs are strict, in one place (`InSchema`), so that what the OpenAPI document calls invalid is refused:
a value must have the JSON type its field documents (no `0` for a boolean or a date, no `1.5` or `"1"`
for an integer (`1.0` is one, as JSON Schema says), no `false` for a number); a date is an ISO `YYYY-MM-DD` string and a date-time an ISO
date and time, with a year from 1900 to 2999; text holds no NUL; text that is required (`min_length`)
is not blank. Each of those is also stated in the document (a `pattern`), so a client, and the
contract test, can see it. Query strings carry text, so there an integer is written in digits and a
boolean as `true` or `false`.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from enum import Enum
from typing import Any, ClassVar, Self, TypeVar

from annotated_types import MinLen
from django.db.models import Model, QuerySet
from ninja import Schema
from pydantic import ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError

M = TypeVar("M", bound=Model)

# Patterns as the document states them (ECMA 262, and read the same by Python's `re`).
NO_NUL_PATTERN = r"^[^\u0000]*$"
NOT_BLANK_PATTERN = r"^[^\u0000]*[^\s\u0000][^\u0000]*$"
YEAR = r"(19[0-9]{2}|2[0-9]{3})"
DATE_PATTERN = rf"^{YEAR}-[0-9]{{2}}-[0-9]{{2}}$"
DATETIME_PATTERN = rf"^{YEAR}-[0-9]{{2}}-[0-9]{{2}}[Tt ][0-9]{{2}}:[0-9]{{2}}(:[0-9]{{2}}(\.[0-9]{{1,6}})?)?([Zz]|[+-][0-9]{{2}}:[0-9]{{2}})?$"
_QUERY_INT = re.compile(r"-?[0-9]{1,19}(\.0*)?")
_QUERY_BOOL = {"true": True, "false": False}


def _no_control_text(value: Any) -> Any:
    """Text that PostgreSQL can store: no NUL bytes and no lone surrogates (both 500 there, not 400)."""
    if isinstance(value, str):
        if "\x00" in value:
            raise PydanticCustomError("string_nul", "Het teken NUL is niet toegestaan.")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("De tekst bevat ongeldige tekens.") from None
    return value


def _unwrapped(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _members(annotation: Any) -> tuple[Any, ...]:
    annotation = _unwrapped(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return tuple(m for arg in typing.get_args(annotation) for m in _members(arg))
    return (annotation,)


def _is_kind(annotation: Any, kind: type) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, kind) and not issubclass(annotation, Enum)


def _fits(annotation: Any, value: Any, *, query: bool) -> Any:
    """`value` as the field may take it, or raise the pydantic error for a value of the wrong JSON type.
    Types not named here (text, UUIDs, enumerations, literals, nested schemas) pydantic checks itself."""
    members = _members(annotation)
    if value is None and type(None) in members:
        return value
    error: PydanticCustomError | None = None
    for member in members:
        if member is type(None):
            continue
        if member is bool:
            if isinstance(value, bool):
                return value
            if query and isinstance(value, str) and value in _QUERY_BOOL:
                return _QUERY_BOOL[value]
            error = error or PydanticCustomError("bool_type", "Input should be a valid boolean")
        elif _is_kind(member, int) and member is not bool:
            if isinstance(value, int) and not isinstance(value, bool):
                return value
            if isinstance(value, float) and value.is_integer():
                return int(value)  # JSON Schema: an integer is a number without a fraction, 2.0 too
            if query and isinstance(value, str) and _QUERY_INT.fullmatch(value):
                return int(float(value))
            error = error or PydanticCustomError("int_type", "Input should be a valid integer")
        elif _is_kind(member, float):
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return value
            error = error or PydanticCustomError("float_type", "Input should be a valid number")
        elif _is_kind(member, dt.datetime):
            if isinstance(value, dt.datetime) or (isinstance(value, str) and re.search(DATETIME_PATTERN, value)):
                return value
            error = error or PydanticCustomError("datetime_type", "Input should be an ISO date and time")
        elif _is_kind(member, dt.date):
            if isinstance(value, dt.date) or (isinstance(value, str) and re.search(DATE_PATTERN, value)):
                return value
            error = error or PydanticCustomError("date_type", "Input should be an ISO date")
        elif typing.get_origin(member) in (list, tuple) and isinstance(value, (list, tuple)):
            (item,) = typing.get_args(member)[:1] or (Any,)
            return [_fits(item, v, query=query) for v in value]
        else:
            return value  # pydantic decides
    if error is not None:
        raise error
    return value


def _required_text(field: Any) -> bool:
    return any(isinstance(m, MinLen) and m.min_length >= 1 for m in field.metadata)


def _state_constraints(schema: dict[str, Any]) -> None:
    """`json_schema_extra` of every input: the text, date and date-time constraints `InSchema` enforces."""
    for prop in schema.get("properties", {}).values():
        for variant in prop.get("anyOf", [prop]):
            _state_in(variant)


def _state_in(schema: dict[str, Any]) -> None:
    if schema.get("type") == "array" and isinstance(schema.get("items"), dict):
        _state_in(schema["items"])
    if schema.get("type") != "string" or "enum" in schema or "const" in schema or "pattern" in schema:
        return
    fmt = schema.get("format")
    if fmt == "date":
        schema["pattern"] = DATE_PATTERN
    elif fmt == "date-time":
        schema["pattern"] = DATETIME_PATTERN
    elif fmt is None:
        schema["pattern"] = NOT_BLANK_PATTERN if schema.get("minLength", 0) >= 1 else NO_NUL_PATTERN


class InSchema(Schema):
    """Base of request bodies and query parameters."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_alias=True,
        validate_by_name=False,
        serialize_by_alias=True,
        extra="forbid",
        use_enum_values=True,
        json_schema_extra=_state_constraints,
    )
    # Query strings carry text: there an integer is written in digits, a boolean as true or false.
    from_query_string: ClassVar[bool] = False

    @field_validator("*", mode="before")
    @classmethod
    def _json_type_as_documented(cls, value: Any, info: ValidationInfo) -> Any:
        field = cls.model_fields[info.field_name] if info.field_name else None
        if field is None:
            return value
        value = _fits(field.annotation, value, query=cls.from_query_string)
        if isinstance(value, str) and _required_text(field) and not re.search(NOT_BLANK_PATTERN, value):
            raise PydanticCustomError("string_too_short", "Text should not be blank")
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _text_is_storable(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [_no_control_text(v) for v in value]
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


def no_default(schema: dict[str, Any]) -> None:
    """`json_schema_extra` of a member that may be left out: no `default: null` in the OpenAPI document
    (a client reads it as "send null"); the member is simply optional."""
    schema.pop("default", None)


class QuerySchema(InSchema):
    """Base of query parameters. Query strings are tolerant: an unknown parameter (a cache buster) is
    ignored, not refused."""

    model_config = ConfigDict(extra="ignore")
    from_query_string = True


class PageQuery(QuerySchema):
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
