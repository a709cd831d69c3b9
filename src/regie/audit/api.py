"""The access-log API: who saw whose data, for the privacy officer (FG)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from regie.api.auth import actor_for
from regie.api.schemas import paginate

from . import selectors
from .schemas import AccessLogSearchIn, AccessRecordOut, AccessRecordPage

router = Router(tags=["access-log"], by_alias=True)


@router.post("/access-log/search", response=AccessRecordPage, summary="Who accessed a person's data")
def access_log_search(request: HttpRequest, payload: AccessLogSearchIn) -> AccessRecordPage:
    """Privacy officers only: every recorded read of the person's data, newest first, with who (username,
    role), when, why (purpose) and through which channel. Name the person by `personId` or by `vNumber`
    (in the body: never in a URL); the lookup itself is recorded as a read (purpose `privacy_review`)."""
    records = selectors.privacy_review(actor=actor_for(request), person_id=payload.person_id, v_number=payload.v_number)
    page, position = paginate(records, payload)
    return AccessRecordPage(items=[AccessRecordOut.from_record(r) for r in page], **position)
