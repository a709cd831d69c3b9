"""Reads of the access log and the trail, for the privacy officer."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from regie.accounts.choices import Role
from regie.accounts.models import User
from regie.core.context import Actor
from regie.core.errors import PermissionDenied
from regie.people.models import Person

from .choices import AccessPurpose
from .models import AccessRecord
from .services import access_record


def access_log_for_person(*, user: User, person_id: uuid.UUID) -> QuerySet[AccessRecord]:
    """Who saw this person's data, when and why. Privacy officers only."""
    if user.role != Role.PRIVACY_OFFICER:
        raise PermissionDenied("Alleen de functionaris gegevensbescherming kan het toegangslog inzien.")
    return AccessRecord.objects.filter(person_id=person_id).select_related("user").order_by("-id")


def person_for_privacy_review(*, actor: Actor, v_number: str) -> Person | None:
    """The person with this V-number, for the privacy officer. Looking someone up is itself a read."""
    user = actor.user
    if user is None or user.role != Role.PRIVACY_OFFICER:
        raise PermissionDenied("Alleen de functionaris gegevensbescherming kan het toegangslog inzien.")
    person = Person.objects.filter(v_number=v_number).first()
    if person is not None:
        access_record(actor=actor, person_ids=[person.pk], purpose=AccessPurpose.PRIVACY_REVIEW)
    return person


def privacy_review(
    *, actor: Actor, person_id: uuid.UUID | None = None, v_number: str | None = None
) -> QuerySet[AccessRecord]:
    """The access log of one person, found by id or by V-number, for the privacy officer; the lookup is
    recorded as a read (purpose `privacy_review`). An unknown person has an empty log."""
    assert actor.user is not None
    if v_number is not None:
        person = person_for_privacy_review(actor=actor, v_number=v_number)
        found = person.pk if person is not None else None
    else:
        assert person_id is not None, "the schema asks for exactly one of person_id and v_number"
        records = access_log_for_person(user=actor.user, person_id=person_id)  # refuses other roles first
        found = person_id if Person.objects.filter(pk=person_id).exists() else None
        if found is not None:
            access_record(actor=actor, person_ids=[found], purpose=AccessPurpose.PRIVACY_REVIEW)
        return records
    if found is None:
        return AccessRecord.objects.none()
    return access_log_for_person(user=actor.user, person_id=found)
