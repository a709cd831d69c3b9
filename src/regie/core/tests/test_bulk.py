"""`insert_rows`: the rows `bulk_create` would write, database-generated keys read back in order."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from regie.core.bulk import MAX_ROWS_PER_STATEMENT, insert_rows


@pytest.mark.django_db
def test_rows_are_written_and_their_keys_read_back_in_order() -> None:
    groups = [Group(name=f"groep {i:04d}") for i in range(MAX_ROWS_PER_STATEMENT + 7)]  # two statements
    insert_rows(groups)
    insert_rows([])
    assert all(g.pk is not None and not g._state.adding for g in groups)
    stored = dict(Group.objects.values_list("pk", "name"))
    assert [stored[g.pk] for g in groups] == [g.name for g in groups]
