"""The access-log API: who saw whose data, for the privacy officer (FG)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from regie.api.auth import caller
from regie.api.schemas import paginate

from . import selectors
from .schemas import AccessLogSearchIn, AccessRecordOut, AccessRecordPage

router = Router(tags=["access-log"], by_alias=True)


@router.post("/access-log/search", response=AccessRecordPage, summary="Who accessed a person's data")
def access_log_search(request: HttpRequest, payload: AccessLogSearchIn) -> AccessRecordPage:
    """Privacy officers only: every recorded read of the person's data, newest first, with who (username,
    role), when, why (purpose) and through which channel."""
    records = selectors.access_log_for_person(user=caller(request), person_id=payload.person_id)
    page, position = paginate(records, payload)
    return AccessRecordPage(items=[AccessRecordOut.from_record(r) for r in page], **position)
