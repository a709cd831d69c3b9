"""`insert_rows`: the rows `bulk_create` would write, database-generated keys read back in order."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from regie.core.bulk import MAX_ROWS_PER_STATEMENT, insert_rows, insert_values


@pytest.mark.django_db
def test_rows_are_written_and_their_keys_read_back_in_order() -> None:
    groups = [Group(name=f"groep {i:04d}") for i in range(MAX_ROWS_PER_STATEMENT + 7)]  # two statements
    insert_rows(groups)
    insert_rows([])
    assert all(g.pk is not None and not g._state.adding for g in groups)
    stored = dict(Group.objects.values_list("pk", "name"))
    assert [stored[g.pk] for g in groups] == [g.name for g in groups]


@pytest.mark.django_db
def test_tuples_are_written_as_their_values() -> None:
    names = [f"groep {i:04d}" for i in range(MAX_ROWS_PER_STATEMENT + 3)]
    insert_values(Group, ("name",), [(name,) for name in names])
    insert_values(Group, ("name",), [])
    assert sorted(Group.objects.values_list("name", flat=True)) == names


@pytest.mark.django_db
def test_keys_taken_for_the_rows_follow_the_order_of_the_rows() -> None:
    """On PostgreSQL the keys come from the sequence before the COPY: ascending in the rows' order, and
    the sequence is past them (a later ordinary insert does not collide)."""
    groups = [Group(name=f"g{i}") for i in range(20)]
    insert_rows(groups)
    keys = [g.pk for g in groups]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    later = Group.objects.create(name="later")
    assert later.pk > keys[-1]


@pytest.mark.django_db
def test_a_refused_row_is_django_s_integrity_error_on_both_databases() -> None:
    """COPY goes past Django's cursor, not past its error translation: the batch's fallback catches
    django.db.IntegrityError, and a lock timeout must be Django's OperationalError to answer 503."""
    from django.db import IntegrityError, transaction

    Group.objects.create(name="bestaat al")
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_values(Group, ("name",), [("nieuw",), ("bestaat al",)])
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows([Group(name="ook nieuw"), Group(name="bestaat al")])
