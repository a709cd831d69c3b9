"""Support services: each asserts its audit record; each refusal names its field and leaves nothing behind."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from regie.accounts.models import PartnerOrganisation, User
from regie.audit.choices import EventType
from regie.audit.models import AccessRecord, AuditEvent
from regie.cases.choices import Outcome
from regie.cases.intake import NationalityIn
from regie.cases.models import Case
from regie.cases.services import special_circumstance_record
from regie.core.context import Actor, Channel
from regie.core.errors import ConcurrentEdit, IllegalTransition, PermissionDenied, ValidationFailed
from regie.people import services as people_services
from regie.people.models import Person
from regie.support import selectors
from regie.support.choices import Beneficiary, Programme, SupportStatus
from regie.support.models import SupportGrant, SupportSettings
from regie.support.services import (
    support_grant_apply,
    support_grant_approve,
    support_grant_cancel,
    support_grant_deliver,
    support_grant_refer,
    support_grant_reject,
)
from regie.testing.fixtures import closed_case

from .conftest import TODAY

pytestmark = pytest.mark.django_db
D = dt.date


def events(event_type: str, **filters: Any) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event_type=event_type, **filters))


def apply(user: User, case: Case, programme: str = Programme.BASIC, **kwargs: Any) -> SupportGrant:
    return support_grant_apply(actor=Actor(user=user), case=case, programme=programme, **kwargs)


def refused(exc: pytest.ExceptionInfo[ValidationFailed], field: str) -> str:
    assert field in exc.value.errors, exc.value.errors
    return " ".join(exc.value.errors[field])


# --- applying: amounts from the rules ---------------------------------------------------------------------


def test_basic_support_is_computed_approved_and_audited(case_manager: User, case: Case) -> None:
    actor = Actor(user=case_manager, channel=Channel.API)
    grant = support_grant_apply(actor=actor, case=case, programme=Programme.BASIC)
    assert grant.person == case.person and grant.decided_on == TODAY
    assert grant.beneficiary == Beneficiary.ADULT
    # Syria is on the list of the high basic amount.
    assert (grant.amount_cents, grant.cash_cents, grant.in_kind_cents) == (20000, 20000, 0)
    assert grant.status == SupportStatus.APPROVED and grant.approved_by is None
    assert "€ 200" in grant.explanation and "REAN" in grant.explanation
    [event] = events(EventType.SUPPORT_GRANT_APPLIED, case_id=case.pk)
    assert event.actor == case_manager and event.channel == "api" and event.request_id == actor.request_id
    assert event.person_id == case.person_id and event.subject_id == str(grant.pk)
    assert event.new_values["amount_cents"] == 20000 and event.new_values["status"] == "approved"
    assert event.new_values["rule"] == str(grant.rule_id) and event.old_values == {}


def test_reintegration_above_the_threshold_waits_for_the_team_lead(
    case_manager: User, team_lead: User, case: Case
) -> None:
    grant = apply(case_manager, case, Programme.REINTEGRATION, cash_requested_cents=10000)
    assert (grant.amount_cents, grant.cash_cents, grant.in_kind_cents) == (261500, 10000, 251500)
    assert grant.status == SupportStatus.AWAITING_APPROVAL
    assert [g.pk for g in selectors.grants_awaiting_approval(user=team_lead)] == [grant.pk]
    assert list(selectors.grants_awaiting_approval(user=case_manager)) == []
    grant = support_grant_approve(actor=Actor(user=team_lead), grant=grant, expected_version=grant.version)
    assert grant.status == SupportStatus.APPROVED and grant.approved_by == team_lead and grant.version == 2
    [event] = events(EventType.SUPPORT_GRANT_APPROVED, case_id=case.pk)
    assert event.actor == team_lead
    assert event.old_values["status"] == "awaiting_approval" and event.new_values["status"] == "approved"
    assert event.new_values["approved_by"] == team_lead.pk


def test_the_threshold_is_configurable(case_manager: User, case: Case) -> None:
    SupportSettings.objects.update_or_create(pk=1, defaults={"approval_threshold_cents": 261500})
    grant = apply(case_manager, case, Programme.REINTEGRATION)
    assert grant.status == SupportStatus.APPROVED


def test_the_decision_date_picks_the_rule_in_force(case_manager: User, open_assigned: Callable[..., Case]) -> None:
    old = apply(case_manager, open_assigned(), Programme.REINTEGRATION, decided_on=D(2024, 6, 30))
    new = apply(case_manager, open_assigned(), Programme.REINTEGRATION, decided_on=D(2024, 7, 1))
    assert (old.amount_cents, old.cash_cents) == (180000, 30000)
    assert (new.amount_cents, new.cash_cents) == (261500, 61500)
    assert "tot 01-07-2024" in old.explanation and "vanaf 01-07-2024" in new.explanation


def test_a_household_member_gets_support_by_their_own_age(
    case_manager: User, case: Case, child_of: Callable[..., Person]
) -> None:
    child = child_of(case)
    grant = apply(case_manager, case, Programme.REINTEGRATION, person=child)
    assert grant.person == child and grant.beneficiary == Beneficiary.MINOR
    assert (grant.amount_cents, grant.cash_cents) == (61500, 61500)
    [event] = events(EventType.SUPPORT_GRANT_APPLIED, case_id=case.pk)
    assert event.person_id == child.pk


def test_an_unaccompanied_minor(case_manager: User, team_lead: User, open_assigned: Callable[..., Case]) -> None:
    case = open_assigned(birth_year=2010, birth_month=None)
    special_circumstance_record(actor=Actor(user=team_lead), case=case, kind="unaccompanied_minor")
    grant = apply(case_manager, case, Programme.REINTEGRATION)
    assert grant.beneficiary == Beneficiary.UNACCOMPANIED_MINOR and grant.amount_cents == 261500


def test_someone_outside_the_household_is_refused(case_manager: User, case: Case) -> None:
    stranger = people_services.person_create(
        actor=Actor(user=case_manager), v_number="9200000001", family_name="Onbekend", birth_year=1980
    )
    with pytest.raises(ValidationFailed) as exc:
        apply(case_manager, case, person=stranger)
    assert "huishouden" in refused(exc, "person_id")
    assert not SupportGrant.objects.exists() and not events(EventType.SUPPORT_GRANT_APPLIED)


# --- refusals ----------------------------------------------------------------------------------------------


def test_support_for_a_person_who_had_support_3_years_ago_is_refused_with_the_reason(
    case_manager: User, team_lead: User, open_assigned: Callable[..., Case], iom: PartnerOrganisation
) -> None:
    earlier = open_assigned(v_number="9300000001")
    three_years_ago = D(2023, 11, 28)
    grant = apply(case_manager, earlier, decided_on=three_years_ago)
    support_grant_deliver(
        actor=Actor(user=case_manager), grant=grant, delivered_on=D(2023, 12, 4), expected_version=grant.version
    )
    closed_case(earlier, Outcome.UNSUPERVISED, case_manager)
    now = open_assigned(v_number="9300000001")
    assert now.person_id == earlier.person_id
    audit_before = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        apply(case_manager, now, Programme.REINTEGRATION)
    message = refused(exc, "person_id")
    assert "ontving in de afgelopen 5 jaar al terugkeerondersteuning (op 04-12-2023)" in message
    assert SupportGrant.objects.filter(case=now).count() == 0 and AuditEvent.objects.count() == audit_before


def test_earlier_support_counts_when_approved_or_referred_but_not_when_cancelled_or_old(
    case_manager: User, open_assigned: Callable[..., Case], iom: PartnerOrganisation
) -> None:
    def earlier_case(v_number: str, decided_on: dt.date, then: Callable[[SupportGrant], Any] | None = None) -> None:
        case = open_assigned(v_number=v_number)
        grant = apply(case_manager, case, decided_on=decided_on)
        if then is not None:
            then(grant)
        closed_case(case, Outcome.FORCED, case_manager)

    actor = Actor(user=case_manager)
    earlier_case("9400000001", D(2025, 1, 10))  # approved, never delivered
    earlier_case(
        "9400000002",
        D(2025, 1, 10),
        lambda g: support_grant_refer(
            actor=actor, grant=g, partner=iom, consent_to_share_on=None, expected_version=None
        ),
    )
    earlier_case(
        "9400000003", D(2025, 1, 10), lambda g: support_grant_cancel(actor=actor, grant=g, expected_version=None)
    )
    earlier_case("9400000004", D(2021, 11, 28))  # exactly five years before today: no longer counts
    for v_number, blocked in [("9400000001", True), ("9400000002", True), ("9400000003", False), ("9400000004", False)]:
        case = open_assigned(v_number=v_number)
        if blocked:
            with pytest.raises(ValidationFailed) as exc:
                apply(case_manager, case)
            assert "(op 10-01-2025)" in refused(exc, "person_id")
        else:
            assert apply(case_manager, case).status == SupportStatus.APPROVED


def test_the_lookback_is_configurable(case_manager: User, open_assigned: Callable[..., Case]) -> None:
    earlier = open_assigned(v_number="9500000001")
    apply(case_manager, earlier, decided_on=D(2023, 11, 28))
    closed_case(earlier, Outcome.FORCED, case_manager)
    SupportSettings.objects.update_or_create(pk=1, defaults={"lookback_years": 2})
    assert apply(case_manager, open_assigned(v_number="9500000001")).status == SupportStatus.APPROVED


def test_the_same_programme_twice_in_a_case_is_refused(case_manager: User, case: Case) -> None:
    apply(case_manager, case)
    with pytest.raises(ValidationFailed) as exc:
        apply(case_manager, case)
    assert "al een aanvraag" in refused(exc, "programme")
    # Another programme is fine: basic support and reintegration support go together.
    assert apply(case_manager, case, Programme.REINTEGRATION).programme == Programme.REINTEGRATION


def test_reintegration_only_for_countries_on_the_list(case_manager: User, open_assigned: Callable[..., Case]) -> None:
    case = open_assigned(nationalities=(NationalityIn("BR"),))
    with pytest.raises(ValidationFailed) as exc:
        apply(case_manager, case, Programme.REINTEGRATION)
    assert "landenlijst" in refused(exc, "country")
    # Basic support has an "any country" rule: the low amount.
    assert apply(case_manager, case).amount_cents == 4000


def test_two_nationalities_need_a_chosen_country(case_manager: User, open_assigned: Callable[..., Case]) -> None:
    case = open_assigned(nationalities=(NationalityIn("BR"), NationalityIn("SY")))
    with pytest.raises(ValidationFailed) as exc:
        apply(case_manager, case)
    assert "kies het land" in refused(exc, "country")
    with pytest.raises(ValidationFailed) as exc:
        apply(case_manager, case, country="IQ")
    refused(exc, "country")
    assert apply(case_manager, case, country="SY").amount_cents == 20000


def test_unknown_year_of_birth_is_refused(case_manager: User, open_assigned: Callable[..., Case]) -> None:
    case = open_assigned(birth_year=None, birth_month=None)
    with pytest.raises(ValidationFailed) as exc:
        apply(case_manager, case)
    assert "geboortejaar" in refused(exc, "person_id")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"decided_on": D(2026, 11, 29)}, "decided_on"),
        ({"decided_on": D(2014, 12, 31)}, "decided_on"),
        ({"cash_requested_cents": -1}, "cash_requested_cents"),
        ({"programme": "lottery"}, "programme"),
    ],
)
def test_bad_input_names_the_field(case_manager: User, case: Case, kwargs: dict[str, Any], field: str) -> None:
    values = {"programme": Programme.BASIC, **kwargs}
    with pytest.raises(ValidationFailed) as exc:
        support_grant_apply(actor=Actor(user=case_manager), case=case, **values)
    refused(exc, field)
    assert not SupportGrant.objects.exists()


def test_only_the_cases_team_may_apply(
    other_case_manager: User, analyst: User, partner: User, case: Case, case_manager: User
) -> None:
    for user in (other_case_manager, analyst, partner):
        with pytest.raises(PermissionDenied):
            apply(user, case)
    case = closed_case(case, Outcome.FORCED, case_manager)
    with pytest.raises(PermissionDenied):
        apply(case_manager, case)
    assert not SupportGrant.objects.exists()


# --- approval and rejection -------------------------------------------------------------------------------


@pytest.fixture
def waiting(case_manager: User, case: Case) -> SupportGrant:
    return apply(case_manager, case, Programme.REINTEGRATION)


def test_only_the_team_lead_of_the_case_approves(
    waiting: SupportGrant, case_manager: User, make_user: Callable[..., User], other_team: Any
) -> None:
    other_lead = make_user("team_lead", other_team)
    for user in (case_manager, other_lead):
        with pytest.raises(PermissionDenied):
            support_grant_approve(actor=Actor(user=user), grant=waiting, expected_version=None)
        with pytest.raises(PermissionDenied):
            support_grant_reject(actor=Actor(user=user), grant=waiting, expected_version=None, reason="Nee.")
    waiting.refresh_from_db()
    assert waiting.status == SupportStatus.AWAITING_APPROVAL and not events(EventType.SUPPORT_GRANT_APPROVED)


def test_rejection_is_final_and_audited(waiting: SupportGrant, team_lead: User) -> None:
    grant = support_grant_reject(actor=Actor(user=team_lead), grant=waiting, expected_version=1, reason="Nee.")
    assert grant.status == SupportStatus.REJECTED and grant.decision_reason == "Nee."
    [event] = events(EventType.SUPPORT_GRANT_REJECTED, case_id=grant.case_id)
    assert event.actor == team_lead and event.new_values["status"] == "rejected"
    with pytest.raises(IllegalTransition) as exc:
        support_grant_approve(actor=Actor(user=team_lead), grant=grant, expected_version=None)
    assert exc.value.field == "status" and "afgehandeld" in exc.value.message


def test_approved_support_cannot_be_approved_again(case_manager: User, team_lead: User, case: Case) -> None:
    grant = apply(case_manager, case)
    with pytest.raises(IllegalTransition) as exc:
        support_grant_approve(actor=Actor(user=team_lead), grant=grant, expected_version=None)
    assert exc.value.field == "status"
    with pytest.raises(IllegalTransition):
        support_grant_reject(actor=Actor(user=team_lead), grant=grant, expected_version=None, reason="Nee.")


def test_a_stale_version_is_refused(waiting: SupportGrant, team_lead: User, case_manager: User) -> None:
    support_grant_cancel(actor=Actor(user=case_manager), grant=waiting, expected_version=1)
    with pytest.raises(ConcurrentEdit) as exc:
        support_grant_approve(actor=Actor(user=team_lead), grant=waiting, expected_version=1)
    assert exc.value.field == "version"
    assert not events(EventType.SUPPORT_GRANT_APPROVED)


# --- referral, delivery, cancellation ----------------------------------------------------------------------


def test_referral_to_a_partner_with_consent(case_manager: User, case: Case, iom: PartnerOrganisation) -> None:
    grant = apply(case_manager, case)
    grant = support_grant_refer(
        actor=Actor(user=case_manager),
        grant=grant,
        partner=iom,
        consent_to_share_on=D(2026, 11, 20),
        expected_version=1,
    )
    assert grant.status == SupportStatus.REFERRED and grant.partner == iom and grant.version == 2
    [event] = events(EventType.SUPPORT_GRANT_REFERRED, case_id=case.pk)
    assert event.new_values["partner"] == str(iom.pk) and event.new_values["consent_to_share_on"] == "2026-11-20"
    assert event.old_values["partner"] is None


def test_basic_support_is_referred_to_iom_only(case_manager: User, case: Case, ngo: PartnerOrganisation) -> None:
    grant = apply(case_manager, case)
    with pytest.raises(ValidationFailed) as exc:
        support_grant_refer(
            actor=Actor(user=case_manager), grant=grant, partner=ngo, consent_to_share_on=None, expected_version=None
        )
    assert "IOM" in refused(exc, "partner_id")
    reintegration = apply(case_manager, case, Programme.REINTEGRATION)
    with pytest.raises(IllegalTransition):  # it still waits for the team lead
        support_grant_refer(
            actor=Actor(user=case_manager),
            grant=reintegration,
            partner=ngo,
            consent_to_share_on=None,
            expected_version=None,
        )


def test_consent_in_the_future_is_refused(case_manager: User, case: Case, iom: PartnerOrganisation) -> None:
    grant = apply(case_manager, case)
    with pytest.raises(ValidationFailed) as exc:
        support_grant_refer(
            actor=Actor(user=case_manager),
            grant=grant,
            partner=iom,
            consent_to_share_on=D(2026, 12, 1),
            expected_version=None,
        )
    refused(exc, "consent_to_share_on")


def test_delivery_after_the_case_closed(case_manager: User, case: Case, iom: PartnerOrganisation) -> None:
    grant = apply(case_manager, case, decided_on=D(2026, 11, 10))
    grant = support_grant_refer(
        actor=Actor(user=case_manager), grant=grant, partner=iom, consent_to_share_on=None, expected_version=None
    )
    closed_case(case, Outcome.INDEPENDENT_VERIFIED, case_manager)
    with pytest.raises(ValidationFailed) as exc:
        support_grant_deliver(
            actor=Actor(user=case_manager), grant=grant, delivered_on=D(2026, 11, 9), expected_version=None
        )
    assert "besluitdatum" in refused(exc, "delivered_on")
    with pytest.raises(ValidationFailed) as exc:
        support_grant_deliver(
            actor=Actor(user=case_manager), grant=grant, delivered_on=D(2026, 11, 29), expected_version=None
        )
    refused(exc, "delivered_on")
    grant = support_grant_deliver(
        actor=Actor(user=case_manager),
        grant=grant,
        delivered_on=D(2026, 11, 27),
        delivery_note="  Ticket en € 200 contant op Schiphol  ",
        expected_version=grant.version,
    )
    assert grant.status == SupportStatus.DELIVERED and grant.delivery_note == "Ticket en € 200 contant op Schiphol"
    [event] = events(EventType.SUPPORT_GRANT_DELIVERED, case_id=case.pk)
    assert event.new_values["delivered_on"] == "2026-11-27" and event.old_values["status"] == "referred"
    # Free text stays out of the hash chain: only that there was a note.
    assert "delivery_note" not in event.new_values and event.new_values["delivery_note_length"] == len(
        grant.delivery_note
    )


def test_cancellation(case_manager: User, case: Case) -> None:
    grant = apply(case_manager, case)
    grant = support_grant_cancel(actor=Actor(user=case_manager), grant=grant, expected_version=1)
    assert grant.status == SupportStatus.CANCELLED
    [event] = events(EventType.SUPPORT_GRANT_CANCELLED, case_id=case.pk)
    assert event.old_values["status"] == "approved" and event.new_values["status"] == "cancelled"
    with pytest.raises(IllegalTransition):
        support_grant_cancel(actor=Actor(user=case_manager), grant=grant, expected_version=None)
    with pytest.raises(IllegalTransition):
        support_grant_deliver(actor=Actor(user=case_manager), grant=grant, delivered_on=TODAY, expected_version=None)
    # A cancelled grant does not block a new application in the same case.
    assert apply(case_manager, case).status == SupportStatus.APPROVED


def test_other_teams_cannot_change_a_grant(
    case_manager: User, other_case_manager: User, case: Case, iom: PartnerOrganisation
) -> None:
    grant = apply(case_manager, case)
    actor = Actor(user=other_case_manager)
    with pytest.raises(PermissionDenied):
        support_grant_refer(actor=actor, grant=grant, partner=iom, consent_to_share_on=None, expected_version=None)
    with pytest.raises(PermissionDenied):
        support_grant_deliver(actor=actor, grant=grant, delivered_on=TODAY, expected_version=None)
    with pytest.raises(PermissionDenied):
        support_grant_cancel(actor=actor, grant=grant, expected_version=None)


# --- partner visibility -----------------------------------------------------------------------------------------


def test_partners_see_only_cases_referred_to_their_organisation(
    case_manager: User,
    open_assigned: Callable[..., Case],
    iom: PartnerOrganisation,
    ngo: PartnerOrganisation,
    partner_of: Callable[[PartnerOrganisation], User],
    team_lead: User,
) -> None:
    iom_user, ngo_user = partner_of(iom), partner_of(ngo)
    referred, approved_only, cancelled = open_assigned(), open_assigned(), open_assigned()
    actor = Actor(user=case_manager)
    grant = apply(case_manager, referred)
    support_grant_refer(actor=actor, grant=grant, partner=iom, consent_to_share_on=None, expected_version=None)
    apply(case_manager, approved_only)
    gone = apply(case_manager, cancelled)
    gone = support_grant_refer(actor=actor, grant=gone, partner=iom, consent_to_share_on=None, expected_version=None)
    support_grant_cancel(actor=actor, grant=gone, expected_version=None)

    def visible(user: User) -> set[Any]:
        return set(Case.objects.filter(selectors.referred_cases_for_partner(user)).values_list("pk", flat=True))

    assert visible(iom_user) == {referred.pk}
    assert visible(ngo_user) == set()
    assert visible(team_lead) == set() and visible(case_manager) == set()
    iom_user.is_active = False
    assert visible(iom_user) == set()


def test_the_partner_view_shows_person_data_only_with_consent(
    case_manager: User, case: Case, iom: PartnerOrganisation, partner_of: Callable[[PartnerOrganisation], User]
) -> None:
    iom_user = partner_of(iom)
    actor = Actor(user=case_manager)
    grant = apply(case_manager, case)
    grant = support_grant_refer(actor=actor, grant=grant, partner=iom, consent_to_share_on=None, expected_version=None)
    view = selectors.partner_case_view(actor=Actor(user=iom_user), case_id=case.pk)
    assert view.number == case.number and [g.grant.pk for g in view.grants] == [grant.pk]
    assert view.grants[0].person is None
    support_grant_refer(actor=actor, grant=grant, partner=iom, consent_to_share_on=TODAY, expected_version=None)
    view = selectors.partner_case_view(actor=Actor(user=iom_user), case_id=case.pk)
    shared = view.grants[0].person
    assert shared is not None and shared.full_name == "Mohammed Haddad"
    assert shared.nationalities == ("SY",) and shared.languages == (("ar", True),)
    assert not hasattr(shared, "medical_background")
    records = AccessRecord.objects.filter(user=iom_user)
    assert records.count() == 2 and {r.person_id for r in records} == {case.person_id}
    assert not any(r.special_categories for r in records)


def test_the_partner_view_refuses_others(
    case_manager: User,
    case: Case,
    iom: PartnerOrganisation,
    ngo: PartnerOrganisation,
    partner_of: Callable[[PartnerOrganisation], User],
) -> None:
    from regie.core.errors import NotFound

    grant = apply(case_manager, case)
    support_grant_refer(
        actor=Actor(user=case_manager), grant=grant, partner=iom, consent_to_share_on=TODAY, expected_version=None
    )
    with pytest.raises(NotFound):
        selectors.partner_case_view(actor=Actor(user=partner_of(ngo)), case_id=case.pk)
    with pytest.raises(NotFound):
        selectors.partner_case_view(actor=Actor(user=partner_of(iom)), case_id="not-a-uuid")
    with pytest.raises(PermissionDenied):
        selectors.partner_case_view(actor=Actor(user=case_manager), case_id=case.pk)
    assert not AccessRecord.objects.exists()


def test_dossier_section(case_manager: User, team_lead: User, case: Case) -> None:
    grant = apply(case_manager, case, Programme.REINTEGRATION)
    section = selectors.support_dossier_section(user=case_manager, case=case)
    assert section["support_grants"] == [grant] and section["support_can_apply"]
    assert not section["support_is_team_lead"]
    lead = selectors.support_dossier_section(user=team_lead, case=case)
    assert lead["support_is_team_lead"] and lead["support_awaiting"] == [grant]
