"""The retention job: what is due is removed, figures and the audit chain stay, nothing else is touched."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.management import call_command

from regie.accounts.models import User
from regie.audit.choices import ANONYMISED, EventType
from regie.audit.models import AuditEvent
from regie.audit.services import ChainBroken, audit_verify
from regie.cases.models import Case, CaseNote, SpecialCircumstance
from regie.core.context import Actor, Channel, system_actor
from regie.core.errors import PermissionDenied
from regie.interviews.models import Interview
from regie.people.models import NameKey, Person, PersonName
from regie.privacy.domain import ANONYMISED_NAME, Period, add_months, kinds_due
from regie.privacy.models import RetentionApplied
from regie.privacy.services import retention_run
from regie.removability.models import MedicalPostponement
from regie.reports.selectors import caseload_figures

pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at(dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC))]
JOB = system_actor(Channel.JOB)


def figures(analyst: User) -> object:
    return caseload_figures(user=analyst, closed_year=2020)


def test_a_closed_case_older_than_its_periods_is_anonymised_keeping_figures_and_the_chain(
    history: Callable[..., Case], analyst: User
) -> None:
    case = history()
    person_id = case.person_id
    before = figures(analyst)
    assert audit_verify() > 0

    summary = retention_run(actor=JOB)

    assert summary.persons == 1
    assert set(summary.by_kind) == {"identity", "special_category", "free_text", "documents"}
    person = Person.objects.get(pk=person_id)
    assert person.anonymised_at is not None
    assert (person.v_number, person.given_names, person.family_name) == ("", "", ANONYMISED_NAME)
    assert (person.birth_year, person.birth_month, person.birth_day) == (1991, None, None)
    assert list(person.nationalities.values_list("country", flat=True)) == ["SY"]
    assert list(PersonName.objects.filter(person=person).values_list("family_name", flat=True)) == [ANONYMISED_NAME]
    assert not NameKey.objects.filter(person=person).exists()
    case = Case.objects.get(pk=case.pk)
    assert case.medical_background == "" and case.source_reference.startswith("anon-")
    assert (case.phase, case.outcome, case.closed_on, case.team_id) == (
        "closed",
        "unsupervised",
        dt.date(2020, 3, 2),
        case.team_id,
    )
    assert not SpecialCircumstance.objects.filter(case=case).exists()
    assert not MedicalPostponement.objects.filter(case=case).exists()
    assert list(CaseNote.objects.filter(case=case).values_list("text", flat=True)) == [""]
    interview = Interview.objects.get(case=case)
    assert (interview.interpreter_name, interview.place) == ("", "Kantoor Zevenaar")
    # The figures are the same; the trail still verifies, its values about the person redacted.
    assert figures(analyst) == before
    assert audit_verify() == AuditEvent.objects.count()
    created = AuditEvent.objects.get(person_id=person_id, event_type=EventType.PERSON_CREATED)
    assert created.new_values["family_name"] == ANONYMISED and created.new_values["birth_year"] == 1991
    trail = str(list(AuditEvent.objects.values_list("old_values", "new_values")))
    assert "Haddad" not in trail and "Hadad" not in trail and "Tolk Synthetisch" not in trail
    applied = AuditEvent.objects.get(event_type=EventType.RETENTION_APPLIED)
    assert applied.person_id == person_id and "Haddad" not in str(applied.new_values)
    assert AuditEvent.objects.filter(event_type=EventType.RETENTION_RUN).count() == 1

    # A second run does nothing.
    count = AuditEvent.objects.count()
    assert retention_run(actor=JOB).persons == 0
    assert AuditEvent.objects.count() == count


def test_a_redacted_record_that_is_altered_afterwards_breaks_the_chain(history: Callable[..., Case]) -> None:
    case = history()
    retention_run(actor=JOB)
    created = AuditEvent.objects.get(person_id=case.person_id, event_type=EventType.PERSON_CREATED)
    AuditEvent.objects.filter(pk=created.pk).update(new_values={**created.new_values, "birth_year": 1990})
    with pytest.raises(ChainBroken) as broken:
        audit_verify()
    assert broken.value.event_id == created.pk


def test_a_closed_case_younger_than_its_period_loses_only_what_is_due(history: Callable[..., Case]) -> None:
    # Closed 2 years ago: special-category data (12 months) is due, identity and free text (60) are not.
    case = history(closed_at=dt.datetime(2024, 11, 1, 10, 0, tzinfo=dt.UTC))
    summary = retention_run(actor=JOB)
    assert dict(summary.by_kind) == {"special_category": 1}
    person = Person.objects.get(pk=case.person_id)
    assert person.anonymised_at is None and person.family_name == "Haddad"
    assert CaseNote.objects.get(case=case).text.startswith("Belde")
    assert Case.objects.get(pk=case.pk).medical_background == ""
    assert not MedicalPostponement.objects.filter(case=case).exists()
    assert audit_verify() == AuditEvent.objects.count()


def test_a_person_with_an_open_case_is_never_touched(
    history: Callable[..., Case], make_case: Callable[..., Case]
) -> None:
    old = history()
    # The same person comes back: a new, open case beside the old closed one.
    from regie.cases.services import case_intake
    from regie.testing.fixtures import intake_data

    person = old.person
    reopened = case_intake(
        actor=Actor(user=old.assigned_to),
        data=intake_data(v_number=person.v_number, family_name=person.family_name, given_names=person.given_names),
    ).case
    assert reopened.person_id == person.pk and reopened.is_open
    assert retention_run(actor=JOB).persons == 0
    person.refresh_from_db()
    assert person.anonymised_at is None and person.v_number != ""
    assert Case.objects.get(pk=old.pk).medical_background != ""
    assert not RetentionApplied.objects.exists()


def test_a_dry_run_counts_and_writes_nothing(history: Callable[..., Case]) -> None:
    case = history()
    count = AuditEvent.objects.count()
    summary = retention_run(actor=JOB, dry_run=True)
    assert summary.persons == 1 and summary.by_kind["identity"] == 1
    assert AuditEvent.objects.count() == count
    assert Person.objects.get(pk=case.person_id).anonymised_at is None


def test_the_command_prints_counts_and_its_dry_run_changes_nothing(
    history: Callable[..., Case], capsys: pytest.CaptureFixture[str]
) -> None:
    case = history()
    call_command("retention", "--dry-run")
    out = capsys.readouterr().out
    assert "1 person(s) due" in out and "Dry run" in out
    assert Person.objects.get(pk=case.person_id).anonymised_at is None
    call_command("retention")
    assert "1 person(s) processed" in capsys.readouterr().out
    assert Person.objects.get(pk=case.person_id).anonymised_at is not None


def test_only_the_job_removes_data(history: Callable[..., Case], case_manager: User) -> None:
    history()
    with pytest.raises(PermissionDenied):
        retention_run(actor=Actor(user=case_manager))


def test_kinds_due_counts_from_the_last_closure_with_the_rule_in_force_then() -> None:
    rules = [
        Period("identity", 60, dt.date(2000, 1, 1), dt.date(2021, 12, 31)),
        Period("identity", 120, dt.date(2022, 1, 1), None),
    ]
    assert kinds_due(last_closed_on=dt.date(2021, 1, 31), rules=rules, applied={}, on=dt.date(2026, 1, 31)) == [
        "identity"
    ]
    assert kinds_due(last_closed_on=dt.date(2021, 1, 31), rules=rules, applied={}, on=dt.date(2026, 1, 30)) == []
    assert kinds_due(last_closed_on=dt.date(2022, 1, 31), rules=rules, applied={}, on=dt.date(2027, 2, 1)) == []
    done = {"identity": dt.date(2021, 1, 31)}
    assert kinds_due(last_closed_on=dt.date(2021, 1, 31), rules=rules, applied=done, on=dt.date(2030, 1, 1)) == []
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
