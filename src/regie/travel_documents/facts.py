"""The LP requests' facts for the deadline engine (registered in `TravelDocumentsConfig.ready`)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

from regie.cases.models import Case
from regie.deadlines.domain import LpFact
from regie.deadlines.registry import Task


def travel_documents_facts(case: Case) -> dict[str, Any]:
    return {"lp_requests": tuple(LpFact(str(lp.pk), lp.sent_on, not lp.is_open) for lp in case.lp_requests.all())}


travel_documents_tasks = {
    "lp_withdrawal_decision": Task(
        gettext_noop("Besluiten over de LP-aanvraag"), "travel_documents:page", "h-vastleggen"
    ),
}
