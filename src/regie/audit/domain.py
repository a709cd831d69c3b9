"""Pure rules of the audit trail: canonical content, the chained hash, and the diff of values."""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from .choices import ANONYMISED, REDACTED, RESTRICTED_FIELDS

GENESIS_HASH = "0" * 64
# The member of a sealing record's new values that vouches for redacted records: {record id: hash of the
# record's content after redaction} (decision 0018).
SEALS_KEY = "sealed_records"


# Values that `to_jsonable` returns as they are (none of them is a date, uuid, list, dict or has a pk).
_PLAIN = frozenset({str, int, float, bool, type(None)})


def to_jsonable(value: Any) -> Any:
    if type(value) in _PLAIN:
        return value
    if isinstance(value, dt.datetime):
        return (value.astimezone(dt.UTC) if value.tzinfo else value).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        # Plain values and keys inline: a record's values are mostly plain (the same result, fewer calls).
        return {
            (k if type(k) is str else str(k)): (v if type(v) in _PLAIN else to_jsonable(v)) for k, v in value.items()
        }
    if hasattr(value, "pk"):
        return str(value.pk)
    return value


def redact(values: Mapping[str, Any]) -> dict[str, Any]:
    """Values for the trail: restricted fields are reduced to the fact that they changed."""
    # Plain values inline, as in `to_jsonable`'s dicts (the same result, a call fewer per value).
    return {
        k: (REDACTED if k in RESTRICTED_FIELDS and v not in (None, "") else v if type(v) in _PLAIN else to_jsonable(v))
        for k, v in values.items()
    }


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The changed fields only, old and new side, redacted."""
    keys = [k for k in new if to_jsonable(old.get(k)) != to_jsonable(new.get(k))]
    return redact({k: old.get(k) for k in keys}), redact({k: new.get(k) for k in keys})


# `json.dumps` with these arguments builds this encoder on every call; one instance gives the same bytes.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def chain_hash(prev_hash: str, content: Mapping[str, Any]) -> str:
    return jsonable_chain_hash(prev_hash, to_jsonable(dict(content)))


def jsonable_chain_hash(prev_hash: str, content: dict[str, Any]) -> str:
    """`chain_hash` of content that is already `to_jsonable`'s result (a bulk writer that built it so:
    the same bytes without converting every value twice; anything else JSON cannot encode fails)."""
    payload = _CANONICAL.encode(content)
    return hashlib.sha256((prev_hash + "|" + payload).encode()).hexdigest()


def canonical_json(value: Any) -> str:
    """The canonical encoding of `value`, JSON-ready already (`to_jsonable`'s result): the hash's bytes."""
    return _CANONICAL.encode(value)


def values_chain_hash(prev_hash: str, head: dict[str, Any], old_json: str, new_json: str) -> str:
    """`jsonable_chain_hash` of a record given as its other fields (`head`: every hashed field but the old
    and new values, JSON-ready) and its old and new values already encoded by `canonical_json` (a bulk
    writer stores those encodings as they are: each value is encoded once, for the hash and the column).

    The canonical encoding of the whole record is put together from the parts: its keys are sorted, so
    "new_values" comes right before "occurred_at" and "old_values" right before "person_id" (both always
    present in `head`; "actor_id" sorts first, so each follows a comma). A `,"` in the encoding of a string
    value is always `,\\"`, so the two markers are found only where the encoder put those keys.
    """
    encoded = _CANONICAL.encode(head)
    at = encoded.index(',"occurred_at":')
    person = encoded.index(',"person_id":', at)
    payload = (
        encoded[:at] + ',"new_values":' + new_json + encoded[at:person] + ',"old_values":' + old_json + encoded[person:]
    )
    return hashlib.sha256((prev_hash + "|" + payload).encode()).hexdigest()


def redact_values(values: Mapping[str, Any], keep: Callable[[str], bool]) -> dict[str, Any]:
    """`values` with every member that `keep` refuses replaced by the anonymised marker (keys stay, so the
    trail still says which fields changed). Empty values stay empty: they held nothing."""
    return {k: (v if keep(k) or v in (None, "", ANONYMISED, REDACTED) else ANONYMISED) for k, v in values.items()}
