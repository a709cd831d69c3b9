"""Every read of support that depends on who asks. Visibility is a queryset filter, never a later check.

Partner organisations (IOM, NGOs) see only cases with support referred to them whose consent was not
withdrawn, and of the person only what the person consented to share (support.choices.ConsentScope:
the name; nationality and languages). Never medical data.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy

from regie.accounts.choices import Role
from regie.accounts.models import PartnerOrganisation, User
from regie.audit.choices import AccessPurpose
from regie.audit.services import access_record
from regie.cases import permissions
from regie.cases.models import Case
from regie.cases.registry import Approval, SummaryItem, read_once
from regie.cases.selectors import case_get, case_visibility
from regie.core.context import Actor
from regie.core.errors import NotFound, PermissionDenied, ValidationFailed
from regie.people.models import Person

from . import domain
from .choices import ReportKind, SupportStatus
from .models import AmountRule, PartnerReport, SupportGrant

# A partner keeps seeing support it was given, also once delivered; a referral that is cancelled is
# no longer theirs to know about.
PARTNER_STATUSES = (SupportStatus.REFERRED, SupportStatus.DELIVERED)


def _partner_grants(user: User) -> QuerySet[SupportGrant]:
    if not is_partner(user):
        return SupportGrant.objects.none()
    # Withdrawn consent ends the partner's access at once (support.services.support_consent_withdraw).
    return SupportGrant.objects.filter(
        partner_id=user.partner_organisation_id, status__in=PARTNER_STATUSES, consent_withdrawn_on__isnull=True
    )


def referred_cases_for_partner(user: User) -> Q:
    """The cases a partner organisation user may see, as a filter on Case: those with support referred
    to their organisation. Anyone else: nothing."""
    if not is_partner(user):
        return Q(pk__in=[])
    return Q(pk__in=_partner_grants(user).values("case_id"))


def support_case_get(*, user: User, case_id: uuid.UUID | str) -> Case:
    """A case as case workers reach it for support (cases.selectors.case_get). Partner organisations
    never do, even when their referrals make a case visible to them: they read the partner view."""
    if user.role == Role.PARTNER:
        raise NotFound("Dossier niet gevonden.")
    return case_get(user=user, case_id=case_id)


def partner_case_get(*, user: User, case_id: uuid.UUID | str) -> Case:
    """A case referred to the partner user's organisation; any other case (or user) is not found."""
    try:
        return Case.objects.get(referred_cases_for_partner(user), pk=uuid.UUID(str(case_id)))
    except (ValueError, Case.DoesNotExist):
        raise NotFound("Dossier niet gevonden.") from None


def partner_grants_of_case(*, user: User, case: Case) -> list[SupportGrant]:
    """The support of `case` referred to the partner user's organisation (and still theirs to see)."""
    return list(_partner_grants(user).filter(case=case).order_by("-decided_on", "-created_at"))


def grant_list(*, user: User, case: Case) -> list[SupportGrant]:
    """The grants of a case the user may already see (loaded through cases.selectors.case_get)."""
    return list(
        SupportGrant.objects.filter(case=case)
        .select_related("person", "partner", "approved_by", "rule")
        .order_by("-decided_on", "-created_at")
    )


def grant_get(*, user: User, case: Case, grant_id: uuid.UUID | str) -> SupportGrant:
    """One grant of a case the user may see; a grant of another case is not found."""
    try:
        return SupportGrant.objects.select_related("case", "person", "partner", "approved_by", "rule").get(
            case=case, pk=uuid.UUID(str(grant_id))
        )
    except (ValueError, SupportGrant.DoesNotExist):
        raise NotFound("Ondersteuning niet gevonden.") from None


def grants_awaiting_approval(*, user: User) -> QuerySet[SupportGrant]:
    """The team lead's worklist of support above the threshold: grants waiting in their teams' cases."""
    if user.role != Role.TEAM_LEAD:
        return SupportGrant.objects.none()
    visible = Case.objects.filter(case_visibility(user)).values("pk")
    return (
        SupportGrant.objects.filter(case__in=visible, status=SupportStatus.AWAITING_APPROVAL)
        .select_related("case", "person")
        .order_by("decided_on", "created_at")
    )


def grant_search(*, user: User, status: str | None = None) -> QuerySet[SupportGrant]:
    """Grants in the cases the user may see, newest decision first, optionally of one status.
    Partner organisations get nothing here (they read the partner view)."""
    if user.role == Role.PARTNER:
        return SupportGrant.objects.none()
    visible = Case.objects.filter(case_visibility(user)).values("pk")
    qs = SupportGrant.objects.filter(case__in=visible).select_related("case", "person", "partner")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-decided_on", "-created_at", "id")


def household_for(case: Case) -> list[Person]:
    """Who support can be for in this case: the case's person first, then their household."""
    person = case.person
    if person.household_id is None:
        return [person]
    others = Person.objects.filter(household_id=person.household_id).exclude(pk=person.pk)
    return [person, *others.order_by("family_name", "given_names")]


def household_member(*, case: Case, person_id: uuid.UUID | str | None) -> Person:
    """The person support is for: the case's person when no id is given, else a household member."""
    if person_id is None:
        return case.person
    for person in household_for(case):
        if str(person.pk) == str(person_id):
            return person
    raise ValidationFailed({"person_id": ["Kies de persoon van dit dossier of iemand uit diens huishouden."]})


def partner_by_id(partner_id: uuid.UUID | str) -> PartnerOrganisation:
    partner = PartnerOrganisation.objects.filter(pk=partner_id).first()
    if partner is None:
        raise ValidationFailed({"partner_id": ["Onbekende partnerorganisatie."]})
    return partner


def is_partner(user: User) -> bool:
    return user.is_active and user.role == Role.PARTNER and user.partner_organisation_id is not None


def amount_rule_list() -> QuerySet[AmountRule]:
    """The amount rules, every version: reference data, the same for everyone."""
    return AmountRule.objects.order_by("programme", "beneficiary", "countries", "-valid_from")


def partners() -> QuerySet[PartnerOrganisation]:
    return PartnerOrganisation.objects.order_by("name")


# --- the dossier page ---------------------------------------------------------------------------------


def support_dossier_section(*, user: User, case: Case) -> dict[str, Any]:
    """What the dossier page shows of support: the case's grants and what the user may do with them.

    `case` was loaded through cases.selectors (so it is visible to `user`). The keys carry the app's
    prefix, so the dossier view can merge them into its context (`context.update(...)`).
    """
    can_work = permissions.can_work_on(user, case)
    grants = _case_grants(user=user, case=case)
    return {
        # What partners reported back, also after consent was withdrawn (the case manager keeps it).
        "support_reports": list(
            PartnerReport.objects.filter(case=case)
            .select_related("partner", "grant")
            .order_by("-occurred_on", "-created_at")
        ),
        "support_case": case,
        "support_grants": grants,
        "support_can_apply": can_work and case.is_open,
        "support_can_work": can_work,
        "support_is_team_lead": user.role == Role.TEAM_LEAD and can_work,
        "support_awaiting": [g for g in grants if g.status == SupportStatus.AWAITING_APPROVAL],
    }


# --- the partner's view -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SharedPerson:
    """What a partner may see of a person who consented to share, by the consent's scope: the name
    (scope `identity`), nationalities and languages (scope `origin`). What is out of scope is None."""

    given_names: str | None
    family_name: str | None
    nationalities: tuple[str, ...] | None
    languages: tuple[tuple[str, bool], ...] | None

    @property
    def full_name(self) -> str:
        return f"{self.given_names or ''} {self.family_name or ''}".strip()


@dataclass(frozen=True)
class PartnerGrant:
    grant: SupportGrant
    person: SharedPerson | None  # None: no consent to share
    reports: tuple[PartnerReport, ...] = ()
    next_report: domain.NextReport | None = None

    @property
    def scope(self) -> list[str]:
        return consent_scope(self.grant)


@dataclass
class PartnerCase:
    case_id: uuid.UUID
    number: str
    grants: list[PartnerGrant] = field(default_factory=list)


def consent_scope(grant: SupportGrant) -> list[str]:
    """The codes of what the person consented to share (empty without consent)."""
    if grant.consent_to_share_on is None:
        return []
    return [code for code, shared in (("identity", grant.share_identity), ("origin", grant.share_origin)) if shared]


def _next(reports: Sequence[PartnerReport]) -> domain.NextReport | None:
    departed = next((r.occurred_on for r in reports if r.kind == ReportKind.DEPARTURE_CONFIRMED), None)
    return domain.next_report([r.kind for r in reports], departed)


def partner_case_list(*, user: User) -> QuerySet[Case]:
    """The cases referred to the partner's organisation, most recently opened first. Numbers only."""
    return Case.objects.filter(referred_cases_for_partner(user)).order_by("-opened_on", "number")


def _shared_person(person: Person, grant: SupportGrant) -> SharedPerson | None:
    if grant.consent_to_share_on is None or not (grant.share_identity or grant.share_origin):
        return None
    origin = grant.share_origin
    return SharedPerson(
        given_names=person.given_names if grant.share_identity else None,
        family_name=person.family_name if grant.share_identity else None,
        nationalities=tuple(sorted({n.country for n in person.nationalities.all()})) if origin else None,
        languages=tuple(sorted((lang.code, lang.interpreter_needed) for lang in person.languages.all()))
        if origin
        else None,
    )


def partner_case_view(
    *, actor: Actor, case_id: uuid.UUID | str, purpose: str = AccessPurpose.DOSSIER_VIEW
) -> PartnerCase:
    """A referred case as a partner sees it: the dossier number and the support referred to their
    organisation (programme, amounts, status) with what they reported and what is next; per grant,
    of the person only what the consent's scope names. Writes one access record per person shown
    (the support itself is data about the person)."""
    user = actor.user
    assert user is not None
    if not is_partner(user):
        raise PermissionDenied("Alleen partnerorganisaties zien doorverwezen dossiers.")
    case = partner_case_get(user=user, case_id=case_id)
    grants = (
        _partner_grants(user)
        .filter(case=case)
        .select_related("person")
        .prefetch_related("person__nationalities", "person__languages")
        .order_by("-decided_on", "-created_at")
    )
    view = PartnerCase(case_id=case.pk, number=case.number)
    reports: dict[uuid.UUID, list[PartnerReport]] = {}
    for report in PartnerReport.objects.filter(
        grant__in=[g.pk for g in grants], partner_id=user.partner_organisation_id
    ):
        reports.setdefault(report.grant_id, []).append(report)
    for grant in grants:
        own = reports.get(grant.pk, [])
        view.grants.append(
            PartnerGrant(
                grant=grant, person=_shared_person(grant.person, grant), reports=tuple(own), next_report=_next(own)
            )
        )
    persons = [g.grant.person_id for g in view.grants]
    if persons:
        access_record(
            actor=actor,
            person_ids=persons,
            purpose=AccessPurpose(purpose),
            case_ids=dict.fromkeys(persons, case.pk),
        )
    return view


def partner_grants_overview(*, user: User, cases: Sequence[Case]) -> dict[uuid.UUID, list[PartnerGrant]]:
    """The partner's own grants of these cases with what they report next, for their worklist (no
    personal data: dossier numbers and support only)."""
    result: dict[uuid.UUID, list[PartnerGrant]] = {c.pk: [] for c in cases}
    grants = list(_partner_grants(user).filter(case__in=[c.pk for c in cases]).order_by("-decided_on"))
    reports: dict[uuid.UUID, list[PartnerReport]] = {}
    for report in PartnerReport.objects.filter(
        grant__in=[g.pk for g in grants], partner_id=user.partner_organisation_id
    ):
        reports.setdefault(report.grant_id, []).append(report)
    for grant in grants:
        own = reports.get(grant.pk, [])
        result[grant.case_id].append(PartnerGrant(grant=grant, person=None, reports=tuple(own), next_report=_next(own)))
    return result


def support_approvals(user: User) -> list[Approval]:
    """The team lead's inbox: grants above the threshold waiting in their teams' cases that they did
    not apply for themselves (four eyes)."""
    from django.urls import reverse

    from regie.support.templatetags.regie_support import euro

    waiting = grants_awaiting_approval(user=user).exclude(applied_by=user).select_related("applied_by")
    return [
        Approval(
            case=grant.case,
            what=str(grant.get_programme_display()),
            detail=euro(grant.amount_cents),
            requested_by=grant.applied_by.display_name if grant.applied_by else "",
            requested_on=grant.decided_on,
            url=reverse("support:grant", kwargs={"case_id": grant.case_id, "grant_id": grant.pk}),
        )
        for grant in waiting
    ]


def _case_grants(*, user: User, case: Case) -> list[SupportGrant]:
    """`grant_list`, read once per dossier page: the support section and the summary share it."""
    return read_once(case, "support.grants", lambda: grant_list(user=user, case=case))


def support_summary(user: User, case: Case) -> list[SummaryItem]:
    """The dossier summary's support status: the latest grant of the case (`grant_list` is newest first)."""
    grant = next(iter(_case_grants(user=user, case=case)), None)
    value = f"{grant.get_programme_display()}: {grant.get_status_display()}" if grant else "–"
    return [SummaryItem(60, gettext_lazy("Ondersteuning"), value, "h-ondersteuning")]
