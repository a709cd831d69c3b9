"""`core.bulk.insert_values` with a JSON column: values encoded already (`JsonText`, as the audit trail's
bulk writers give them) are stored as they are, the others encoded by the field; both read back alike."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest

from regie.core.bulk import insert_values
from regie.core.domain import JsonText
from regie.deadlines.models import CaseDeadline
from regie.deadlines.services import DEADLINE_COLUMNS

PARAMS = [{"days": 28, "basis": 'art. 62 "Vw"', "nested": {"a": [1, None, "é"]}}, {}, {"x": '\u2603,"y":'}]


@pytest.mark.django_db
@pytest.mark.parametrize("encoded", ["all", "mixed", "none"])
def test_a_json_column_encoded_already_is_stored_as_the_field_would_store_it(make_case: Callable, encoded: str) -> None:
    case = make_case()
    CaseDeadline.objects.filter(case=case).delete()

    def given(i: int, value: dict) -> object:
        text = JsonText(json.dumps(value, sort_keys=True, separators=(",", ":")))
        return text if encoded == "all" or (encoded == "mixed" and i % 2 == 0) else value

    rows = [
        (case.pk, f"code{i}", "deadline", "", dt.date(2026, 12, 1 + i), "label", "basis", "uitleg", given(i, value))
        for i, value in enumerate(PARAMS)
    ]
    insert_values(CaseDeadline, DEADLINE_COLUMNS, rows)
    stored = dict(CaseDeadline.objects.filter(case=case).values_list("code", "params"))
    assert stored == {f"code{i}": value for i, value in enumerate(PARAMS)}
    # Queried as JSON too (a key lookup), not as a string that happens to hold JSON.
    assert CaseDeadline.objects.filter(case=case, params__days=28).count() == 1
