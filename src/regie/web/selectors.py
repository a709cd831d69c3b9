"""Reads that only the web pages need. Each read of a person's data writes its access record."""

from __future__ import annotations

from regie.accounts.choices import Role
from regie.audit.choices import AccessPurpose
from regie.audit.services import access_record
from regie.core.context import Actor
from regie.core.errors import PermissionDenied
from regie.people.models import Person


def person_for_privacy_review(*, actor: Actor, v_number: str) -> Person | None:
    """The person with this V-number, for the privacy officer. Looking someone up is itself a read."""
    user = actor.user
    if user is None or user.role != Role.PRIVACY_OFFICER:
        raise PermissionDenied("Alleen de functionaris gegevensbescherming kan het toegangslog inzien.")
    person = Person.objects.filter(v_number=v_number).first()
    if person is not None:
        access_record(actor=actor, person_ids=[person.pk], purpose=AccessPurpose.PRIVACY_REVIEW)
    return person
