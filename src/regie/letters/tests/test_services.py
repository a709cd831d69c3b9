"""Composing and issuing letters: refusals that name the field, versions, the audit record, the old text."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.files.storage import default_storage

from regie.audit.choices import EventType
from regie.audit.models import AuditEvent
from regie.core.context import Actor
from regie.core.errors import PermissionDenied, ValidationFailed
from regie.letters import services
from regie.letters.models import Letter, LetterTemplate
from regie.letters.selectors import letters_for_case

pytestmark = pytest.mark.django_db


def test_a_placeholder_the_dossier_cannot_fill_refuses_the_letter_naming_it(case, case_manager) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.letter_issue(actor=Actor(user=case_manager), case=case, kind="interview_invitation", language="nl")
    assert set(refused.value.errors) == {"interview.date", "interview.time", "interview.place"}
    assert "{{ interview.date }}" in refused.value.errors["interview.date"][0]
    assert not Letter.objects.exists() and not AuditEvent.objects.filter(event_type=EventType.LETTER_ISSUED).exists()


def test_the_persons_first_language_with_a_template_else_dutch_and_english(full_dossier, case_manager) -> None:
    actor = Actor(user=case_manager)
    assert services.letter_compose(actor=actor, case=full_dossier, kind="plan_summary").languages == ("ar",)
    full_dossier.person.languages.all().delete()
    both = services.letter_compose(actor=actor, case=full_dossier, kind="plan_summary")
    assert both.languages == ("nl", "en") and "----" in both.text
    with pytest.raises(ValidationFailed) as unknown:
        services.letter_compose(actor=actor, case=full_dossier, kind="plan_summary", language="ti")
    assert set(unknown.value.errors) == {"language"}
    with pytest.raises(ValidationFailed) as kind:
        services.letter_compose(actor=actor, case=full_dossier, kind="poem")
    assert set(kind.value.errors) == {"kind"}


def test_issuing_stores_the_pdf_with_its_hash_audits_it_and_a_reissue_is_a_new_version(
    full_dossier, case_manager
) -> None:
    actor = Actor(user=case_manager)
    first = services.letter_issue(actor=actor, case=full_dossier, kind="reporting_duty", language="fr")
    with default_storage.open(first.file, "rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF") and hashlib.sha256(content).hexdigest() == first.sha256
    assert first.file == f"letters/{full_dossier.pk}/{first.pk}.pdf"  # no personal data in the path
    assert first.reference == f"{full_dossier.number}/B02-v1" and first.version == 1
    assert "Politiebureau Zevenaar" in first.text and "28 novembre 2026" in first.text
    (event,) = AuditEvent.objects.filter(event_type=EventType.LETTER_ISSUED)
    assert event.case_id == full_dossier.pk and event.subject_id == str(first.pk)
    assert event.new_values == {
        "kind": "reporting_duty",
        "languages": "fr",
        "version": 1,
        "reference": first.reference,
        "template": str(first.template_id),
        "sha256": first.sha256,
    }
    assert "Haddad" not in str(event.new_values)

    # The administrator ends the template and writes a new version; the letter sent keeps its text.
    template = LetterTemplate.objects.get(pk=first.template_id)
    LetterTemplate.objects.filter(pk=template.pk).update(valid_until=dt.date(2026, 11, 27))
    LetterTemplate.objects.create(
        kind="reporting_duty",
        language="fr",
        subject="Obligation de se présenter (version 2)",
        body="Madame, Monsieur,\n\nVous vous présentez à {{ reporting.location }}.",
        valid_from=dt.date(2026, 11, 28),
    )
    second = services.letter_issue(actor=actor, case=full_dossier, kind="reporting_duty", language="fr")
    assert second.version == 2 and second.reference.endswith("/B02-v2") and second.template_id != first.template_id
    assert second.subject == "Obligation de se présenter (version 2)"
    first.refresh_from_db()
    assert "28 novembre 2026" in first.text and first.subject != second.subject
    listed = letters_for_case(user=case_manager, case=full_dossier)
    assert [item.version for item in listed] == [2, 1]
    assert listed[0].download_url.endswith(f"/brieven/{second.pk}/pdf/") and listed[0].sha256 == second.sha256


def test_only_who_may_work_on_the_case_issues_letters(full_dossier, other_case_manager) -> None:
    with pytest.raises(PermissionDenied):
        services.letter_issue(actor=Actor(user=other_case_manager), case=full_dossier, kind="plan_summary")
    assert not Letter.objects.exists()
