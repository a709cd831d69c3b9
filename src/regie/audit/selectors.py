"""Reads of the access log and the trail, for the privacy officer."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from regie.accounts.choices import Role
from regie.accounts.models import User
from regie.core.errors import PermissionDenied

from .models import AccessRecord


def access_log_for_person(*, user: User, person_id: uuid.UUID) -> QuerySet[AccessRecord]:
    """Who saw this person's data, when and why. Privacy officers only."""
    if user.role != Role.PRIVACY_OFFICER:
        raise PermissionDenied("Alleen de functionaris gegevensbescherming kan het toegangslog inzien.")
    return AccessRecord.objects.filter(person_id=person_id).select_related("user").order_by("-id")
