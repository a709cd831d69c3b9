"""The measures' facts for the deadline engine (registered in `MeasuresConfig.ready`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_noop

from regie.audit.models import AuditEvent
from regie.audit.services import audit_pending
from regie.cases.models import Case
from regie.deadlines.domain import DetentionFact, VblFact
from regie.deadlines.registry import Task


def measures_facts(case: Case) -> dict[str, Any]:
    detentions = []
    held = list(case.detentions.all())
    last_on = _last_action_on(case) if held else None  # once for all the case's detentions
    for det in held:
        detentions.append(
            DetentionFact(
                id=str(det.pk),
                starts_on=det.starts_on,
                family_or_minor=det.family_or_minor,
                appealed_on=det.appealed_on,
                court_notified_on=det.court_notified_on,
                extended=det.extended_on is not None,
                ends_on=det.ends_on,
                last_action_on=max(last_on, det.starts_on) if last_on else det.starts_on,
            )
        )
    return {
        "detentions": tuple(detentions),
        "vbls": tuple(VblFact(str(v.pk), v.starts_on, v.reviewed_on, v.ends_on) for v in case.vbl_placements.all()),
    }


def _last_action_on(case: Case) -> dt.date | None:
    """The day of the case's last recorded action (a record of a person or system), or None."""
    last_action = (
        AuditEvent.objects.filter(case_id=case.pk, actor__isnull=False)
        .exclude(event_type="case.deadlines_recomputed")
        .aggregate(last=Max("occurred_at"))["last"]
    )
    # The records of the service now running are held to its commit (decision 0024): its own action
    # counts too, as it did when records were appended at once.
    pending = [
        e.occurred_at
        for e in audit_pending()
        if e.case_id == case.pk and e.actor_id is not None and e.event_type != "case.deadlines_recomputed"
    ]
    if pending:
        last_action = max([last_action, *pending]) if last_action else max(pending)
    return timezone.localdate(last_action) if last_action else None


measures_tasks = {
    "vbl_review": Task(gettext_noop("Verblijf in de VBL beoordelen"), "measures:page", "h-vastleggen"),
    "detention_court_notification": Task(
        gettext_noop("De rechter informeren"), "measures:page", "h-vastleggen", legal_maximum=True
    ),
    "detention_maximum": Task(
        gettext_noop("Bewaring beëindigen of verlengen"), "measures:page", "h-vastleggen", legal_maximum=True
    ),
    "detention_inactivity": Task(
        gettext_noop("Een actie in de bewaring ondernemen en vastleggen"),
        "measures:page",
        "h-vastleggen",
        done_outside=True,
    ),
}
