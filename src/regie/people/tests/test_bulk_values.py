"""`core.bulk.insert_values` on a model with every kind of column the bulk writers use (uuid key,
timestamps, a foreign key, text with an enum member, a date): a core test cannot import an app's model."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from regie.core.bulk import insert_values
from regie.people.choices import NationalityStatus
from regie.people.models import Nationality, Person


@pytest.mark.django_db
def test_values_are_prepared_per_column_as_django_prepares_them() -> None:
    """A column of plain values goes as it is; a column with anything else (an enum member, a key given
    as text) through the field's preparation: what is stored is what `bulk_create` stores."""
    person = Person.objects.create(given_names="Test", family_name="Persoon", v_number="9900000001")
    now = timezone.now()
    columns = ("id", "created_at", "updated_at", "person_id", "country", "status", "source", "established_on")
    plain = [
        (uuid.uuid4(), now, now, person.pk, "MA", "claimed", "", None),
        (uuid.uuid4(), now, now, person.pk, "DZ", "established", "paspoort", dt.date(2026, 1, 2)),
    ]
    mixed = [  # an enum member among strings, a key given as text
        (uuid.uuid4(), now, now, str(person.pk), "TN", NationalityStatus.CLAIMED, "", None),
        (uuid.uuid4(), now, now, person.pk, "EG", "claimed", "verklaring", None),
    ]
    insert_values(Nationality, columns, plain + mixed)
    via_django = [
        Nationality(**dict(zip(columns, (uuid.uuid4(), *row[1:]), strict=True)))
        for row in [(None, now, now, person.pk, "LY", NationalityStatus.ESTABLISHED, "x", dt.date(2026, 1, 3))]
    ]
    Nationality.objects.bulk_create(via_django)
    stored = {n.country: (n.person_id, n.status, n.source, n.established_on) for n in Nationality.objects.all()}
    assert stored == {
        "MA": (person.pk, "claimed", "", None),
        "DZ": (person.pk, "established", "paspoort", dt.date(2026, 1, 2)),
        "TN": (person.pk, "claimed", "", None),
        "EG": (person.pk, "claimed", "verklaring", None),
        "LY": (person.pk, "established", "x", dt.date(2026, 1, 3)),  # as bulk_create stores it
    }
    assert set(Nationality.objects.exclude(country="LY").values_list("created_at", flat=True)) == {now}
    with pytest.raises(ValueError):
        insert_values(Nationality, columns[:-1], plain)  # a value too many in each row
