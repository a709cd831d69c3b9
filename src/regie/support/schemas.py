"""The JSON shapes of the support API, in lowerCamelCase. Amounts are whole euro cents, never input:
the rules compute them. Requests check only shape and bounds; the rules live in the services."""

from __future__ import annotations

import datetime as dt
import uuid

from pydantic import Field, field_validator

from regie.api.schemas import InSchema, OutSchema, PageOut, PageQuery
from regie.cases.schemas import MAX_INT32, optional

from .choices import (
    Beneficiary,
    ConsentScope,
    DepartureConfirmation,
    Programme,
    ReintegrationStatus,
    ReportKind,
    SupportForm,
    SupportStatus,
)
from .models import AmountRule, PartnerReport, SupportGrant
from .selectors import PartnerCase, PartnerGrant, consent_scope

COUNTRY_PATTERN = r"^[A-Z]{2}$"


def _plausible_date(value: dt.date | None) -> dt.date | None:
    # Dates before 1900 are typing errors in this field, not history: say so instead of "no rule".
    if value is not None and value.year < 1900:
        raise ValueError("Geef een datum na 1900.")
    return value


# --- requests ----------------------------------------------------------------------------------


class SupportApplyIn(InSchema):
    """Apply for support. The amount, the cash part and the in-kind part follow from the amount rule in
    force on `decidedOn` for the programme, the person's age and their country of return."""

    programme: Programme = Field(description="`basic` (IOM/REAN) or `reintegration`.")
    person_id: uuid.UUID | None = Field(None, description="The case's person (default) or a member of their household.")
    decided_on: dt.date | None = Field(None, description="Decision date (default today); picks the rule in force.")
    cash_requested_cents: int | None = Field(
        None,
        ge=0,
        le=MAX_INT32,
        description="Cash wanted, in cents; at most the rule's cash cap. Default: the whole cap. The rest is in kind.",
    )
    country: str | None = Field(
        None,
        pattern=COUNTRY_PATTERN,
        description="Country of return (ISO 3166-1 alpha-2), one of the person's nationalities. Needed only when "
        "the person has more than one.",
        examples=["SY"],
    )

    @field_validator("decided_on")
    @classmethod
    def _decided_on_plausible(cls, value: dt.date | None) -> dt.date | None:
        return _plausible_date(value)


class VersionIn(InSchema):
    version: int = Field(ge=1, le=MAX_INT32, description="The grant's version as read; a newer one answers 409.")


class RejectionIn(VersionIn):
    reason: str = Field(max_length=1000, description="Why the support is refused; shown in the dossier.")


class ReferralIn(VersionIn):
    partner_id: uuid.UUID = Field(description="The partner organisation (IOM for basic support).")
    consent_to_share_on: dt.date | None = Field(
        description="When the person consented to share data with the partner; "
        "null: the partner sees only the dossier number and the support."
    )
    consent_scope: list[ConsentScope] | None = Field(
        None,
        max_length=2,
        description="What the consent covers: `identity` (the name), `origin` (nationalities and languages). "
        "Default with a consent date: both.",
    )

    @field_validator("consent_to_share_on")
    @classmethod
    def _consent_plausible(cls, value: dt.date | None) -> dt.date | None:
        return _plausible_date(value)


class ConsentIn(VersionIn):
    consent_to_share_on: dt.date = Field(description="When the person consented; not in the future.")
    consent_scope: list[ConsentScope] = Field(
        min_length=1,
        max_length=2,
        description="What the partner may see: `identity` (the name), `origin` (nationalities and languages).",
    )

    @field_validator("consent_to_share_on")
    @classmethod
    def _consent_plausible(cls, value: dt.date) -> dt.date:
        _plausible_date(value)
        return value


class ConsentWithdrawalIn(VersionIn):
    withdrawn_on: dt.date = Field(
        description="When the person withdrew consent: the partner's access to the case ends at once."
    )

    @field_validator("withdrawn_on")
    @classmethod
    def _withdrawn_plausible(cls, value: dt.date) -> dt.date:
        _plausible_date(value)
        return value


class PartnerReportIn(InSchema):
    """What a partner reports on support referred to it. The fields besides `kind` and `occurredOn`
    belong to one kind each: `supportForm` and `amountCents` to `support_delivered`,
    `departureConfirmation` to `departure_confirmed`, `reintegrationStatus` to the follow-ups."""

    grant_id: uuid.UUID | None = Field(
        None, description="The referred support reported on; needed only when more than one was referred to you."
    )
    kind: ReportKind
    occurred_on: dt.date = Field(description="When it happened; not in the future, not before the decision.")
    support_form: SupportForm | None = Field(None, description="`in_kind` or `cash` (support delivered).")
    amount_cents: int | None = Field(
        None,
        ge=1,
        le=MAX_INT32,
        description="Delivered, in euro cents; all deliveries of a form stay within the part granted in that form.",
    )
    departure_confirmation: DepartureConfirmation | None = Field(None, description="How the departure is known.")
    reintegration_status: ReintegrationStatus | None = Field(None, description="The follow-ups at 6 and 12 months.")
    note: str = Field("", max_length=500, description="Free text; shown to the case manager.")

    @field_validator("occurred_on")
    @classmethod
    def _occurred_plausible(cls, value: dt.date) -> dt.date:
        _plausible_date(value)
        return value


class DeliveryIn(VersionIn):
    delivered_on: dt.date = Field(description="When the support was given; not before the decision date.")
    delivery_note: str = Field("", max_length=300, description="What was given (in kind or cash).")

    @field_validator("delivered_on")
    @classmethod
    def _delivered_plausible(cls, value: dt.date) -> dt.date:
        _plausible_date(value)
        return value


class GrantListQuery(PageQuery):
    status: SupportStatus = optional(description="Only grants with this status (e.g. `awaiting_approval`).")


# --- representations ---------------------------------------------------------------------------


class SupportGrantOut(OutSchema):
    id: uuid.UUID
    case_id: uuid.UUID
    person_id: uuid.UUID
    programme: Programme
    beneficiary: Beneficiary
    amount_cents: int = Field(description="The whole amount, in euro cents, computed by the rule.")
    cash_cents: int = Field(description="The cash part, at most the rule's cash cap.")
    in_kind_cents: int = Field(description="The part given in kind: amount minus cash.")
    explanation: str = Field(description="How the amount follows from the rule, in Dutch.")
    rule_id: uuid.UUID
    status: SupportStatus
    decided_on: dt.date
    applied_by: int | None = Field(description="User id of who applied (none for grants from before it was kept).")
    decided_by: int | None = Field(description="User id of the team lead who approved or rejected.")
    decision_reason: str = Field(description="Why it was rejected (empty otherwise).")
    partner_id: uuid.UUID | None
    partner_name: str | None
    consent_to_share_on: dt.date | None
    consent_scope: list[ConsentScope] = Field(description="What the person consented to share; empty: nothing.")
    consent_withdrawn_on: dt.date | None = Field(description="Set: the partner no longer sees the case.")
    delivered_on: dt.date | None
    delivery_note: str
    version: int

    @classmethod
    def from_grant(cls, grant: SupportGrant) -> SupportGrantOut:
        return cls.of(
            grant,
            applied_by=grant.applied_by_id,
            decided_by=grant.approved_by_id,
            partner_name=grant.partner.name if grant.partner_id and grant.partner else None,
            consent_scope=consent_scope(grant),
        )


class SupportGrantListOut(OutSchema):
    items: list[SupportGrantOut] = Field(description="Newest decision first.")


class SupportGrantPage(PageOut):
    items: list[SupportGrantOut]


class AmountRuleOut(OutSchema):
    id: uuid.UUID
    programme: Programme
    beneficiary: Beneficiary
    countries: list[str] = Field(description="ISO 3166-1 codes of the country list; empty: any country.")
    amount_cents: int
    cash_cap_cents: int
    valid_from: dt.date
    valid_until: dt.date | None = Field(description="First day no longer in force; null: open-ended.")
    basis: str

    @classmethod
    def from_rule(cls, rule: AmountRule) -> AmountRuleOut:
        return cls.of(rule, countries=sorted(c.strip() for c in rule.countries.split(",") if c.strip()))


class AmountRuleListOut(OutSchema):
    items: list[AmountRuleOut]


class PartnerOrganisationOut(OutSchema):
    id: uuid.UUID
    name: str
    kind: str = Field(description="`iom` or `ngo`.")


class PartnerOrganisationListOut(OutSchema):
    items: list[PartnerOrganisationOut]


# --- the partner's view ------------------------------------------------------------------------


class LanguageShareOut(OutSchema):
    code: str
    interpreter_needed: bool


class SharedPersonOut(OutSchema):
    """Only with the person's consent, only its scope: the name (`identity`), nationalities and
    languages (`origin`); null outside the scope. Never medical data."""

    given_names: str | None
    family_name: str | None
    nationalities: list[str] | None
    languages: list[LanguageShareOut] | None


class PartnerReportOut(OutSchema):
    id: uuid.UUID
    grant_id: uuid.UUID
    kind: ReportKind
    occurred_on: dt.date
    support_form: SupportForm | None
    amount_cents: int | None
    departure_confirmation: DepartureConfirmation | None
    reintegration_status: ReintegrationStatus | None
    note: str

    @classmethod
    def from_report(cls, report: PartnerReport) -> PartnerReportOut:
        return cls.of(
            report,
            support_form=report.support_form or None,
            departure_confirmation=report.departure_confirmation or None,
            reintegration_status=report.reintegration_status or None,
        )


class NextReportOut(OutSchema):
    kind: ReportKind
    due_on: dt.date | None = Field(description="For the follow-ups: 6 or 12 months after the departure.")


class PartnerGrantOut(OutSchema):
    id: uuid.UUID
    programme: Programme
    beneficiary: Beneficiary
    amount_cents: int
    cash_cents: int
    in_kind_cents: int
    status: SupportStatus
    decided_on: dt.date
    delivered_on: dt.date | None
    consent_to_share_on: dt.date | None
    consent_scope: list[ConsentScope]
    person: SharedPersonOut | None = Field(description="Null when the person did not consent to share.")
    reports: list[PartnerReportOut] = Field(description="What your organisation reported, newest first.")
    next_report: NextReportOut | None = Field(description="What you report next; null when all is in.")

    @classmethod
    def from_partner_grant(cls, item: PartnerGrant) -> PartnerGrantOut:
        grant, person = item.grant, item.person
        return cls(
            id=grant.pk,
            programme=Programme(grant.programme),
            beneficiary=Beneficiary(grant.beneficiary),
            amount_cents=grant.amount_cents,
            cash_cents=grant.cash_cents,
            in_kind_cents=grant.in_kind_cents,
            status=SupportStatus(grant.status),
            decided_on=grant.decided_on,
            delivered_on=grant.delivered_on,
            consent_to_share_on=grant.consent_to_share_on,
            consent_scope=[ConsentScope(c) for c in item.scope],
            person=None
            if person is None
            else SharedPersonOut(
                given_names=person.given_names,
                family_name=person.family_name,
                nationalities=None if person.nationalities is None else list(person.nationalities),
                languages=None
                if person.languages is None
                else [LanguageShareOut(code=c, interpreter_needed=i) for c, i in person.languages],
            ),
            reports=[PartnerReportOut.from_report(r) for r in item.reports],
            next_report=None
            if item.next_report is None
            else NextReportOut(kind=ReportKind(item.next_report.kind), due_on=item.next_report.due_on),
        )


class ReferredCaseOut(OutSchema):
    case_id: uuid.UUID
    number: str = Field(description="The dossier number: what partner and service use to talk about the case.")
    grants: list[PartnerGrantOut]

    @classmethod
    def from_partner_case(cls, view: PartnerCase) -> ReferredCaseOut:
        return cls.of(view, grants=[PartnerGrantOut.from_partner_grant(g) for g in view.grants])


class ReferredCaseItem(OutSchema):
    case_id: uuid.UUID
    number: str


class ReferredCasePage(PageOut):
    items: list[ReferredCaseItem]
