"""Measures services: each asserts its audit record; each refusal names its field and leaves nothing behind."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from regie.accounts.models import User
from regie.audit.choices import EventType
from regie.audit.models import AuditEvent
from regie.cases.choices import Outcome, Phase
from regie.cases.intake import CircumstanceIn
from regie.cases.models import Case
from regie.cases.services import case_note_add
from regie.core.context import Actor, Channel
from regie.core.errors import ConcurrentEdit, IllegalTransition, NotFound, PermissionDenied, ValidationFailed
from regie.deadlines.models import CaseDeadline, DeadlineRule
from regie.deadlines.selectors import rules_cache_clear, worklist_for
from regie.deadlines.services import case_deadlines_refresh
from regie.interviews.choices import CHECKED_CIRCUMSTANCES
from regie.interviews.domain import CheckInput
from regie.interviews.services import interview_record
from regie.measures import selectors, services
from regie.measures.choices import DetentionBasis, DetentionEndReason, DetentionExtensionReason, MeasureEndReason
from regie.measures.models import Detention, ReportingDuty, VblPlacement
from regie.testing.fixtures import closed_case, proposer_for

from .conftest import on

pytestmark = pytest.mark.django_db

GROUNDS = "Risico op onttrekking; eerder niet verschenen op meldplicht"


def events(event_type: str, **filters: object) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event_type=event_type, **filters).order_by("id"))


def deadlines(case: Case, **filters: object) -> dict[str, CaseDeadline]:
    return {d.code: d for d in CaseDeadline.objects.filter(case=case, **filters)}


def start(lead: User, case: Case, day: dt.date, **overrides: object) -> Detention:
    values: dict[str, object] = {
        "basis": DetentionBasis.ART59,
        "place": "Detentiecentrum Rotterdam",
        "grounds": GROUNDS,
        "starts_on": day,
    }
    values.update(overrides)
    values.setdefault("proposed_by", proposer_for(lead, case))
    return services.detention_start(actor=Actor(user=lead), case=case, **values)  # type: ignore[arg-type]


# --- reporting duty ------------------------------------------------------------------------------


def test_reporting_duty_impose_and_end_are_audited(case, case_manager, today) -> None:
    actor = Actor(user=case_manager, channel=Channel.API)
    duty = services.reporting_duty_impose(
        actor=actor, case=case, starts_on=today, frequency=" wekelijks op maandag ", location="AVIM Amsterdam"
    )
    assert duty.frequency == "wekelijks op maandag" and duty.imposed_by == case_manager and duty.version == 1
    (imposed,) = events(EventType.REPORTING_DUTY_IMPOSED, case_id=case.pk)
    assert imposed.actor == case_manager and imposed.channel == "api" and imposed.request_id == actor.request_id
    assert imposed.person_id == case.person_id and imposed.subject_id == str(duty.pk)
    assert imposed.new_values == {
        "starts_on": "2026-11-02",
        "frequency": "wekelijks op maandag",
        "location": "AVIM Amsterdam",
    }
    with pytest.raises(IllegalTransition) as second:
        services.reporting_duty_impose(actor=actor, case=case, starts_on=today, frequency="dagelijks", location="x")
    assert second.value.field == "starts_on"
    duty = services.reporting_duty_end(
        actor=actor, duty=duty, ends_on=today, end_reason=MeasureEndReason.REPLACED, expected_version=1
    )
    assert (duty.ends_on, duty.end_reason, duty.version) == (today, "replaced", 2)
    (ended,) = events(EventType.REPORTING_DUTY_ENDED, case_id=case.pk)
    assert ended.old_values == {"ends_on": None, "end_reason": ""}
    assert ended.new_values == {"ends_on": "2026-11-02", "end_reason": "replaced"}
    assert selectors.active_reporting_duty(case) is None
    with pytest.raises(IllegalTransition):
        services.reporting_duty_end(
            actor=actor, duty=duty, ends_on=today, end_reason=MeasureEndReason.COMPLETED, expected_version=2
        )


def test_reporting_duty_refusals_name_the_field(case, case_manager, today) -> None:
    actor = Actor(user=case_manager)
    with pytest.raises(ValidationFailed) as empty:
        services.reporting_duty_impose(
            actor=actor, case=case, starts_on=today + dt.timedelta(days=400), frequency=" ", location=""
        )
    assert set(empty.value.errors) == {"frequency", "location", "starts_on"}
    duty = services.reporting_duty_impose(
        actor=actor, case=case, starts_on=today + dt.timedelta(days=7), frequency="wekelijks", location="AVIM"
    )
    with pytest.raises(ValidationFailed) as before:
        services.reporting_duty_end(
            actor=actor, duty=duty, ends_on=today, end_reason="stopped", expected_version=duty.version
        )
    assert set(before.value.errors) == {"ends_on", "end_reason"}
    assert "vóór de start" in before.value.errors["ends_on"][0]
    with pytest.raises(ConcurrentEdit) as stale:
        services.reporting_duty_end(
            actor=actor, duty=duty, ends_on=today, end_reason=MeasureEndReason.COMPLETED, expected_version=7
        )
    assert stale.value.field == "version"
    assert len(events(EventType.REPORTING_DUTY_IMPOSED)) == 1 and not events(EventType.REPORTING_DUTY_ENDED)


# --- VBL -----------------------------------------------------------------------------------------


def test_vbl_entry_without_an_lp_request_is_refused_naming_the_field(case, case_manager, today, vbl_ready) -> None:
    vbl_ready(case, lp_sent_on=None)
    with pytest.raises(ValidationFailed) as refused:
        services.vbl_place(actor=Actor(user=case_manager), case=case, location="VBL Ter Apel", starts_on=today)
    assert set(refused.value.errors) == {"lp_request"}
    assert "LP-aanvraag" in refused.value.errors["lp_request"][0]
    assert not VblPlacement.objects.exists() and not events(EventType.VBL_PLACED)


def test_vbl_entry_without_a_current_plan_is_refused(case, case_manager, today, vbl_ready) -> None:
    vbl_ready(case, plan_on=today - dt.timedelta(days=200))
    with pytest.raises(ValidationFailed) as stale_plan:
        services.vbl_place(actor=Actor(user=case_manager), case=case, location="VBL Ter Apel", starts_on=today)
    assert set(stale_plan.value.errors) == {"departure_plan"}


def test_vbl_placement_review_and_end(case, case_manager, today, vbl_ready) -> None:
    vbl_ready(case)
    actor = Actor(user=case_manager)
    placement = services.vbl_place(actor=actor, case=case, location="VBL Ter Apel", starts_on=today)
    (placed,) = events(EventType.VBL_PLACED, case_id=case.pk)
    assert placed.new_values == {
        "location": "VBL Ter Apel",
        "starts_on": "2026-11-02",
        "departure_plan_current": True,
        "lp_request_filed": True,
    }
    review = deadlines(case)["vbl_review"]
    assert review.source_id == str(placement.pk) and review.due == today + dt.timedelta(weeks=12)
    assert "12 weken" in review.explanation and review.basis == "art. 56 Vw"
    with pytest.raises(IllegalTransition) as second:
        services.vbl_place(actor=actor, case=case, location="VBL Ter Apel", starts_on=today)
    assert second.value.field == "starts_on"

    with on(today + dt.timedelta(weeks=12)):
        with pytest.raises(ValidationFailed) as no_note:
            services.vbl_review(
                actor=actor, placement=placement, reviewed_on=today, review_note=" ", expected_version=1
            )
        assert set(no_note.value.errors) == {"review_note"}
        placement = services.vbl_review(
            actor=actor,
            placement=placement,
            reviewed_on=today + dt.timedelta(weeks=12),
            review_note="Verblijf voortzetten: LP-gesprek gepland",
            expected_version=1,
        )
    assert placement.reviewed_on == today + dt.timedelta(weeks=12) and placement.version == 2
    assert "vbl_review" not in deadlines(case)
    (reviewed,) = events(EventType.VBL_REVIEWED, case_id=case.pk)
    assert reviewed.old_values == {"reviewed_on": None, "review_note_length": 0}
    assert reviewed.new_values == {
        "reviewed_on": "2027-01-25",
        "review_note_length": len("Verblijf voortzetten: LP-gesprek gepland"),
    }

    with on(today + dt.timedelta(weeks=13)):
        placement = services.vbl_end(
            actor=actor,
            placement=placement,
            ends_on=today + dt.timedelta(weeks=13),
            end_reason=MeasureEndReason.ABSCONDED,
            expected_version=2,
        )
    assert placement.end_reason == "absconded" and selectors.active_vbl(case) is None
    (ended,) = events(EventType.VBL_ENDED, case_id=case.pk)
    assert ended.new_values == {"ends_on": "2027-02-01", "end_reason": "absconded"}
    # Absconding is recorded, not acted on here: the case stays open for departures to close.
    assert Case.objects.get(pk=case.pk).phase != Phase.CLOSED


def test_vbl_refusals_dates_and_detention(case, case_manager, team_lead, today, vbl_ready) -> None:
    vbl_ready(case)
    actor = Actor(user=case_manager)
    with pytest.raises(ValidationFailed) as future:
        services.vbl_place(actor=actor, case=case, location=" ", starts_on=today + dt.timedelta(days=1))
    assert set(future.value.errors) == {"location", "starts_on"}
    with pytest.raises(ValidationFailed) as no_rule:
        services.vbl_place(actor=actor, case=case, location="VBL", starts_on=dt.date(1990, 1, 1))
    assert "geen regel" in no_rule.value.errors["starts_on"][0]
    start(team_lead, case, today)
    with pytest.raises(IllegalTransition) as detained:
        services.vbl_place(actor=actor, case=case, location="VBL Ter Apel", starts_on=today)
    assert detained.value.field == "starts_on" and "bewaring" in detained.value.message


# --- detention: who starts it, and its deadlines ---------------------------------------------------


def test_detention_is_started_by_a_team_lead_on_a_proposal(case, case_manager, team_lead, today) -> None:
    with pytest.raises(PermissionDenied) as not_lead:
        start(case_manager, case, today)
    assert "teamleider" in not_lead.value.message
    detention = start(team_lead, case, today, proposed_by=case_manager)
    assert detention.proposed_by == case_manager and detention.approved_by == team_lead
    (started,) = events(EventType.DETENTION_STARTED, case_id=case.pk)
    assert started.actor == team_lead and started.person_id == case.person_id
    assert started.new_values == {
        "basis": "art59",
        "place": "Detentiecentrum Rotterdam",
        "starts_on": "2026-11-02",
        "family_or_minor": False,
        "family_or_minor_basis": "",
        "grounds_length": len(GROUNDS),
        "proposed_by": case_manager.pk,
        "approved_by": team_lead.pk,
        "maximum": "2027-05-02",
    }
    assert GROUNDS not in str(started.new_values)  # free text stays out of the trail
    rows = deadlines(case)
    assert rows["detention_court_notification"].due == today + dt.timedelta(weeks=4)
    assert rows["detention_maximum"].due == dt.date(2027, 5, 2)
    assert "6 maanden" in rows["detention_maximum"].explanation
    assert rows["detention_inactivity"].kind == "flag"
    assert selectors.active_detention(case) == detention
    with pytest.raises(IllegalTransition) as second:
        start(team_lead, case, today)
    assert second.value.field == "starts_on"


def test_a_lead_does_not_start_a_detention_on_their_own_proposal(case, team_lead, today) -> None:
    """Four eyes on the direct start too: the proposer is required and is not the lead who starts it."""
    for proposer, message in ((None, services.PROPOSER_REQUIRED), (team_lead, services.PROPOSER_SELF)):
        with pytest.raises(ValidationFailed) as refused:
            start(team_lead, case, today, proposed_by=proposer)
        assert refused.value.errors == {"proposed_by": [message]}
    assert not Detention.objects.exists()
    assert not events(EventType.DETENTION_STARTED, case_id=case.pk)


def test_detention_start_refusals_name_the_field(case, team_lead, other_case_manager, today) -> None:
    with pytest.raises(ValidationFailed) as bad:
        start(team_lead, case, today, basis="art60", place=" ", grounds="", proposed_by=other_case_manager)
    assert set(bad.value.errors) == {"basis", "place", "grounds", "proposed_by"}
    with pytest.raises(ValidationFailed) as future:
        start(team_lead, case, today + dt.timedelta(days=1))
    assert "toekomst" in future.value.errors["starts_on"][0]
    assert not Detention.objects.exists() and not events(EventType.DETENTION_STARTED)


def test_family_detention_lasts_at_most_fourteen_days(case, team_lead, case_manager, today) -> None:
    detention = start(team_lead, case, today, family_or_minor=True)
    maximum = deadlines(case)["detention_maximum"]
    assert maximum.due == today + dt.timedelta(days=14) == dt.date(2026, 11, 16)
    assert "14 dagen" in maximum.explanation
    actor = Actor(user=case_manager)
    with pytest.raises(ValidationFailed) as extend:
        services.detention_extend(
            actor=actor,
            detention=detention,
            extended_on=today,
            extension_reason=DetentionExtensionReason.NON_COOPERATION,
            extension_grounds="werkt niet mee",
            expected_version=1,
        )
    assert set(extend.value.errors) == {"family_or_minor"}
    with on(dt.date(2026, 11, 20)):
        with pytest.raises(ValidationFailed) as too_long:
            services.detention_end(
                actor=actor,
                detention=detention,
                ends_on=dt.date(2026, 11, 20),
                end_reason=DetentionEndReason.DEPARTED,
                expected_version=1,
            )
        assert "16-11-2026" in too_long.value.errors["ends_on"][0]
        detention = services.detention_end(
            actor=actor,
            detention=detention,
            ends_on=dt.date(2026, 11, 16),
            end_reason=DetentionEndReason.MAXIMUM_REACHED,
            expected_version=1,
        )
    assert detention.ends_on == dt.date(2026, 11, 16)
    assert not deadlines(case, source_id=str(detention.pk))


def test_detention_beyond_its_maximum_is_refused(case, team_lead, case_manager, today) -> None:
    # Starting one whose maximum has already passed:
    with pytest.raises(ValidationFailed) as late_start:
        start(team_lead, case, dt.date(2026, 5, 1))
    assert "01-11-2026" in late_start.value.errors["starts_on"][0]
    detention = start(team_lead, case, dt.date(2026, 5, 2))
    actor = Actor(user=case_manager)
    with on(dt.date(2026, 11, 10)):
        # Ending after the maximum:
        with pytest.raises(ValidationFailed) as late_end:
            services.detention_end(
                actor=actor,
                detention=detention,
                ends_on=dt.date(2026, 11, 9),
                end_reason=DetentionEndReason.COURT_ORDER,
                expected_version=1,
            )
        assert set(late_end.value.errors) == {"ends_on"}
        assert "02-11-2026" in late_end.value.errors["ends_on"][0]
        # Extending once the maximum has passed:
        with pytest.raises(ValidationFailed) as late_extension:
            services.detention_extend(
                actor=actor,
                detention=detention,
                extended_on=dt.date(2026, 11, 3),
                extension_reason=DetentionExtensionReason.DOCUMENTS_AWAITED,
                extension_grounds="LP aangevraagd",
                expected_version=1,
            )
        assert set(late_extension.value.errors) == {"extended_on"}
        assert "02-11-2026" in late_extension.value.errors["extended_on"][0]
    assert Detention.objects.get(pk=detention.pk).version == 1
    assert not events(EventType.DETENTION_ENDED) and not events(EventType.DETENTION_EXTENDED)


def test_extension_needs_reason_and_grounds_and_moves_the_maximum(case, team_lead, case_manager, today) -> None:
    detention = start(team_lead, case, today)
    actor = Actor(user=case_manager)
    with on(dt.date(2027, 4, 20)):
        with pytest.raises(ValidationFailed) as missing:
            services.detention_extend(
                actor=actor,
                detention=detention,
                extended_on=dt.date(2027, 4, 20),
                extension_reason="",
                extension_grounds=" ",
                expected_version=1,
            )
        assert set(missing.value.errors) == {"extension_reason", "extension_grounds"}
        detention = services.detention_extend(
            actor=actor,
            detention=detention,
            extended_on=dt.date(2027, 4, 20),
            extension_reason=DetentionExtensionReason.DOCUMENTS_AWAITED,
            extension_grounds="Ambassade heeft identificatiegesprek toegezegd",
            expected_version=1,
        )
        assert detention.extension_reason == "documents_awaited" and detention.version == 2
        assert deadlines(case)["detention_maximum"].due == dt.date(2028, 5, 2)
        (extended,) = events(EventType.DETENTION_EXTENDED, case_id=case.pk)
        assert extended.old_values == {"extended_on": None, "maximum": "2027-05-02"}
        assert extended.new_values == {
            "extended_on": "2027-04-20",
            "extension_reason": "documents_awaited",
            "extension_grounds_length": 46,
            "maximum": "2028-05-02",
        }
        with pytest.raises(ValidationFailed) as again:
            services.detention_extend(
                actor=actor,
                detention=detention,
                extended_on=dt.date(2027, 4, 20),
                extension_reason=DetentionExtensionReason.NON_COOPERATION,
                extension_grounds="x",
                expected_version=2,
            )
        assert set(again.value.errors) == {"extended_on"}


def test_appeal_and_court_notification_meet_the_four_week_deadline(case, team_lead, case_manager, today) -> None:
    actor = Actor(user=case_manager)
    first = start(team_lead, case, today)
    with pytest.raises(ValidationFailed) as before_start:
        services.detention_record_appeal(
            actor=actor, detention=first, appealed_on=today - dt.timedelta(days=1), expected_version=1
        )
    assert set(before_start.value.errors) == {"appealed_on"}
    first = services.detention_record_appeal(actor=actor, detention=first, appealed_on=today, expected_version=1)
    assert "detention_court_notification" not in deadlines(case)
    (appeal,) = events(EventType.DETENTION_APPEAL_RECORDED, case_id=case.pk)
    assert appeal.new_values == {"appealed_on": "2026-11-02"} and appeal.old_values == {"appealed_on": None}
    with pytest.raises(IllegalTransition) as twice:
        services.detention_record_appeal(actor=actor, detention=first, appealed_on=today, expected_version=2)
    assert twice.value.field == "appealed_on"
    services.detention_end(
        actor=actor, detention=first, ends_on=today, end_reason=DetentionEndReason.COURT_ORDER, expected_version=2
    )

    second = start(team_lead, case, today)
    with on(today + dt.timedelta(days=27)):
        second = services.detention_court_notified(
            actor=actor, detention=second, court_notified_on=today + dt.timedelta(days=27), expected_version=1
        )
    assert "detention_court_notification" not in deadlines(case)
    (notified,) = events(EventType.DETENTION_COURT_NOTIFIED, case_id=case.pk)
    assert notified.new_values == {"court_notified_on": "2026-11-29"}
    with pytest.raises(IllegalTransition):
        services.detention_court_notified(actor=actor, detention=second, court_notified_on=today, expected_version=2)


def test_due_speed_flag_after_fourteen_days_without_action(case, team_lead, case_manager, today) -> None:
    detention = start(team_lead, case, today)
    flag = deadlines(case, kind="flag")["detention_inactivity"]
    assert flag.due == today + dt.timedelta(days=14) and flag.source_id == str(detention.pk)
    assert "laatste vastgelegde actie 02-11-2026 + 14 dagen" in flag.explanation
    for user in (case_manager, team_lead):
        assert not worklist_for(user=user, on=today + dt.timedelta(days=13)).flags
        (raised,) = worklist_for(user=user, on=today + dt.timedelta(days=14)).flags
        assert raised.code == "detention_inactivity" and raised.case_id == case.pk
    # A recorded action restarts the count.
    with on(today + dt.timedelta(days=10)):
        services.detention_court_notified(
            actor=Actor(user=case_manager),
            detention=detention,
            court_notified_on=today + dt.timedelta(days=10),
            expected_version=1,
        )
    flag = deadlines(case, kind="flag")["detention_inactivity"]
    assert flag.due == today + dt.timedelta(days=24)
    assert not worklist_for(user=case_manager, on=today + dt.timedelta(days=14)).flags
    # The number of days is data: the rule 'detention_inactivity' in the rule table.
    DeadlineRule.objects.filter(code="detention_inactivity").update(amount=7)
    rules_cache_clear()  # a bulk update saves no rule: the cached rule table does not know of it
    case_deadlines_refresh(case=case)
    assert deadlines(case, kind="flag")["detention_inactivity"].due == today + dt.timedelta(days=17)


def test_an_action_computes_the_deadlines_of_a_detained_case_once(case, team_lead, case_manager, today) -> None:
    """A service that records its action and then recomputes (`record_change`: an interview) leaves the
    follow-up of recorded actions (`deadlines_follow_actions`) nothing to do: one recomputation, which
    already counts the due-speed flag from that action. A note, which recomputes nothing itself, still
    moves the flag through the follow-up."""
    start(team_lead, case, today)
    later = today + dt.timedelta(days=5)
    held = dt.datetime.combine(later, dt.time(9, 0)).replace(tzinfo=dt.timezone(dt.timedelta(hours=1)))
    with on(later), CaptureQueriesContext(connection) as queries:
        interview_record(
            actor=Actor(user=case_manager),
            case=case,
            held_at=held,
            summary="Vertrekgesprek (synthetisch).",
            stance="cooperates",
            checks={c: CheckInput("not_present") for c in CHECKED_CIRCUMSTANCES},
        )
    recomputed = [q for q in queries.captured_queries if q["sql"].startswith('DELETE FROM "deadlines_casedeadline"')]
    assert len(recomputed) == 1
    assert deadlines(case, kind="flag")["detention_inactivity"].due == later + dt.timedelta(days=14)
    with on(later + dt.timedelta(days=2)), CaptureQueriesContext(connection) as queries:
        case_note_add(actor=Actor(user=case_manager), case=case, text="Telefonisch contact (synthetisch).")
    recomputed = [q for q in queries.captured_queries if q["sql"].startswith('DELETE FROM "deadlines_casedeadline"')]
    assert len(recomputed) == 1
    assert deadlines(case, kind="flag")["detention_inactivity"].due == later + dt.timedelta(days=16)


def test_the_last_action_is_read_once_for_all_of_a_cases_detentions(case, team_lead, case_manager, today) -> None:
    """Every detention's due-speed flag counts from the same last action of the case: one read of the
    trail however many detentions the case has had."""
    first = start(team_lead, case, today - dt.timedelta(days=20))
    with on(today - dt.timedelta(days=10)):
        services.detention_end(
            actor=Actor(user=case_manager),
            detention=first,
            ends_on=today - dt.timedelta(days=10),
            end_reason=DetentionEndReason.values[0],
            expected_version=None,
        )
    start(team_lead, case, today)
    assert Detention.objects.filter(case=case).count() == 2
    with CaptureQueriesContext(connection) as queries:
        case_deadlines_refresh(case=Case.objects.get(pk=case.pk))
    trail = [q for q in queries.captured_queries if 'MAX("audit_auditevent"."occurred_at")' in q["sql"]]
    assert len(trail) == 1
    assert deadlines(case, kind="flag")["detention_inactivity"].due == today + dt.timedelta(days=14)


# --- who may, and closed cases -------------------------------------------------------------------


def test_other_team_and_other_roles_may_not(case, other_case_manager, analyst, team_lead, today) -> None:
    detention = start(team_lead, case, today)
    for user in (other_case_manager, analyst):
        actor = Actor(user=user)
        with pytest.raises(PermissionDenied):
            services.reporting_duty_impose(actor=actor, case=case, starts_on=today, frequency="x", location="y")
        with pytest.raises(PermissionDenied):
            services.detention_end(
                actor=actor, detention=detention, ends_on=today, end_reason="departed", expected_version=1
            )
        with pytest.raises(NotFound):
            selectors.detention_get(user=user, case_id=case.pk, detention_id=detention.pk)
    assert selectors.detention_get(user=team_lead, case_id=case.pk, detention_id=detention.pk) == detention
    with pytest.raises(NotFound):
        selectors.detention_get(user=team_lead, case_id=detention.pk, detention_id=detention.pk)


def test_closed_case_takes_no_measures(case, case_manager, team_lead, today) -> None:
    duty = services.reporting_duty_impose(
        actor=Actor(user=case_manager), case=case, starts_on=today, frequency="wekelijks", location="AVIM"
    )
    closed_case(case, Outcome.UNSUPERVISED, case_manager)
    with pytest.raises(PermissionDenied):
        services.reporting_duty_end(
            actor=Actor(user=case_manager), duty=duty, ends_on=today, end_reason="completed", expected_version=1
        )
    with pytest.raises(PermissionDenied):
        start(team_lead, Case.objects.get(pk=case.pk), today)
    assert ReportingDuty.objects.get(pk=duty.pk).ends_on is None


def test_failure_midway_leaves_nothing(case, team_lead, today, monkeypatch) -> None:
    def boom(**kwargs: object) -> None:
        raise RuntimeError("disk full")

    from regie.cases import work

    monkeypatch.setattr(work, "case_deadlines_refresh", boom)  # the last step of every recorded change
    with pytest.raises(RuntimeError):
        start(team_lead, case, today)
    assert not Detention.objects.exists() and not events(EventType.DETENTION_STARTED)


# --- selectors -----------------------------------------------------------------------------------


def test_case_measures_and_the_dossier_section(
    case, case_manager, team_lead, today, vbl_ready: Callable[..., None]
) -> None:
    vbl_ready(case)
    services.vbl_place(actor=Actor(user=case_manager), case=case, location="VBL Ter Apel", starts_on=today)
    services.vbl_end(
        actor=Actor(user=case_manager),
        placement=VblPlacement.objects.get(),
        ends_on=today,
        end_reason=MeasureEndReason.REPLACED,
        expected_version=1,
    )
    start(team_lead, case, today, proposed_by=case_manager)
    section = selectors.measures_dossier_section(user=case_manager, case=case)
    measures = section["measures"]
    assert measures.can_work and not measures.can_start_detention and measures.earlier_count == 1
    active = measures.active_detention
    assert active is not None and active.maximum.due == dt.date(2027, 5, 2)
    assert active.court_deadline.due == today + dt.timedelta(weeks=4) and not active.inactivity_raised
    assert measures.active_vbl is None and measures.vbl_placements[0].review_deadline is None
    lead_view = selectors.case_measures(user=team_lead, case=case)
    assert lead_view.can_start_detention
    with on(today + dt.timedelta(days=15)):
        assert selectors.case_measures(user=case_manager, case=case).active_detention.inactivity_raised


# --- the 14-day maximum follows from the dossier -----------------------------------------------------


def test_a_minor_by_date_of_birth_gets_the_14_day_maximum_whatever_the_caller_says(make_case, team_lead, today) -> None:
    # Born in 2009 (month and day unknown): on 2 November 2026 possibly 16 or 17, a minor.
    case = make_case(birth_year=2009, birth_month=None, return_decision_date=today)
    detention = start(team_lead, case, today, family_or_minor=False)
    assert detention.family_or_minor is True
    (started,) = events(EventType.DETENTION_STARTED, case_id=case.pk)
    assert started.new_values["family_or_minor_basis"] == "minor"
    assert started.new_values["maximum"] == str(today + dt.timedelta(days=14))  # 14 days, as the rule table says


def test_an_unaccompanied_minor_recorded_in_the_dossier_counts(make_case, team_lead, today) -> None:
    case = make_case(return_decision_date=today, special_circumstances=(CircumstanceIn("unaccompanied_minor"),))
    assert start(team_lead, case, today).family_or_minor is True


def test_a_detained_minor_in_the_household_counts(make_case, team_lead, case_manager, today) -> None:
    from regie.people import services as people_services

    parent = make_case(return_decision_date=today)
    child = make_case(v_number="9200000001", birth_year=2016, birth_month=4, return_decision_date=today)
    people_services.household_set(actor=Actor(user=case_manager), persons=[parent.person, child.person])
    start(team_lead, child, today)
    parent = Case.objects.get(pk=parent.pk)
    detention = start(team_lead, parent, today)
    assert detention.family_or_minor is True
    (started,) = events(EventType.DETENTION_STARTED, case_id=parent.pk)
    assert started.new_values["family_or_minor_basis"] == "detained_minor_in_household"


def test_an_adult_alone_gets_six_months_and_the_caller_may_only_make_it_stricter(make_case, team_lead, today) -> None:
    adult = make_case(return_decision_date=today)  # born March 1991
    assert start(team_lead, adult, today).family_or_minor is False
    other = make_case(return_decision_date=today)
    detention = start(team_lead, other, today, family_or_minor=True)
    assert detention.family_or_minor is True
    (started,) = events(EventType.DETENTION_STARTED, case_id=other.pk)
    assert started.new_values["family_or_minor_basis"] == "stated"


# --- not before the return decision ------------------------------------------------------------------


def test_measures_for_return_do_not_start_before_the_return_decision(
    make_case, team_lead, case_manager, today, vbl_ready
) -> None:
    case = make_case(return_decision_date=today)
    day_before = today - dt.timedelta(days=1)
    message = "Deze maatregel kan niet beginnen vóór het terugkeerbesluit van 02-11-2026."
    with pytest.raises(ValidationFailed) as duty:
        services.reporting_duty_impose(
            actor=Actor(user=case_manager), case=case, starts_on=day_before, frequency="wekelijks", location="IND"
        )
    assert duty.value.errors == {"starts_on": [message]}
    vbl_ready(case)
    with pytest.raises(ValidationFailed) as vbl:
        services.vbl_place(actor=Actor(user=case_manager), case=case, location="VBL Ter Apel", starts_on=day_before)
    assert vbl.value.errors["starts_on"] == [message]
    with pytest.raises(ValidationFailed) as detention:
        start(team_lead, case, day_before)
    assert detention.value.errors["starts_on"] == [message]
    # Dublin detention (art. 59a) rests on its own ground: it may precede a return decision.
    assert start(team_lead, case, day_before, basis=DetentionBasis.ART59A).starts_on == day_before


def test_measures_for_return_need_a_return_decision_on_the_dossier(make_case, team_lead, case_manager, today) -> None:
    case = make_case(return_decision_date=None)
    with pytest.raises(ValidationFailed) as duty:
        services.reporting_duty_impose(
            actor=Actor(user=case_manager), case=case, starts_on=today, frequency="wekelijks", location="IND"
        )
    assert list(duty.value.errors) == ["return_decision_date"]
    assert "leg eerst de datum van het terugkeerbesluit vast" in duty.value.errors["return_decision_date"][0]
    with pytest.raises(ValidationFailed) as detention:
        start(team_lead, case, today)
    assert "return_decision_date" in detention.value.errors
    # The Dublin and asylum grounds do not rest on a return decision.
    assert start(team_lead, case, today, basis=DetentionBasis.ART59A).starts_on == today
