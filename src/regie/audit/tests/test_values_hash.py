"""The hash of a record given as values (`values_chain_hash`: its old and new values encoded on their own
and put into place) is the hash of the whole record (`jsonable_chain_hash`), whatever the values hold."""

from __future__ import annotations

import datetime as dt
import uuid

from hypothesis import given
from hypothesis import strategies as st

from regie.audit.domain import GENESIS_HASH, canonical_json, jsonable_chain_hash, values_chain_hash

# Text that could be taken for the markers the parts are put together by.
tricky = st.one_of(
    st.text(max_size=20),
    st.sampled_from([',"occurred_at":', ',"person_id":', '"}', "\\", '","old_values":{', "é☃\u0000"]),
)
values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), tricky),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(tricky, inner, max_size=3)),
    max_leaves=8,
)
record_values = st.dictionaries(
    st.one_of(tricky, st.sampled_from(["occurred_at", "person_id", "new_values", "old_values"])), values, max_size=5
)
ids = st.one_of(st.none(), st.uuids().map(str))


@given(
    old=record_values,
    new=record_values,
    label=tricky,
    request_id=tricky,
    subject_id=tricky,
    case_id=ids,
    person_id=ids,
    actor_id=st.one_of(st.none(), st.integers(min_value=1)),
)
def test_the_parts_hash_as_the_whole_record(
    old: dict,
    new: dict,
    label: str,
    request_id: str,
    subject_id: str,
    case_id: str | None,
    person_id: str | None,
    actor_id: int | None,
) -> None:
    head = {
        "occurred_at": dt.datetime(2026, 12, 1, 20, 15, tzinfo=dt.UTC).isoformat(),
        "actor_id": actor_id,
        "actor_label": label,
        "channel": "import",
        "request_id": request_id,
        "event_type": "person.created",
        "subject_type": "people.person",
        "subject_id": subject_id,
        "case_id": case_id,
        "person_id": person_id,
    }
    prev = uuid.uuid4().hex * 2
    whole = jsonable_chain_hash(prev, {**head, "old_values": old, "new_values": new})
    assert values_chain_hash(prev, head, canonical_json(old), canonical_json(new)) == whole
    assert values_chain_hash(GENESIS_HASH, head, "{}", "{}") == jsonable_chain_hash(
        GENESIS_HASH, {**head, "old_values": {}, "new_values": {}}
    )
