"""Uploads and withdrawals: type by content, limits, nothing half-stored, audit records without content,
special-category documents only for who may see them, retention deletes rows and files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from regie.accounts.models import User
from regie.audit.choices import EventType
from regie.audit.models import AuditEvent
from regie.cases.models import Case
from regie.cases.registry import held_data
from regie.core.context import Actor
from regie.core.errors import ConcurrentEdit, IllegalTransition, PermissionDenied, ValidationFailed
from regie.documents import services
from regie.documents.models import Document
from regie.privacy.choices import DataKind
from regie.privacy.services import _clear_held

from .conftest import EXE, PDF, image, stored_files, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def case(make_case: Callable[..., Case]) -> Case:
    return make_case()


def add(user: User, case: Case, content: bytes = PDF, name: str = "scan.pdf", **kwargs: Any) -> Document:
    return services.document_upload(
        actor=Actor(user=user), case=case, file=upload(content, name), **{"kind": "passport", **kwargs}
    )


def refusal(call: Callable[[], Any]) -> dict[str, list[str]]:
    with pytest.raises(ValidationFailed) as caught:
        call()
    return caught.value.errors


def test_an_upload_stores_the_file_under_a_random_name_and_records_what_it_is(
    case: Case, case_manager: User, media_root: Path
) -> None:
    document = add(case_manager, case, description="Paspoort, scan van de voorkant", document_date=dt.date(2026, 11, 2))

    assert document.content_type == "application/pdf" and document.size == len(PDF)
    assert len(document.sha256) == 64 and not document.special_category
    (path,) = stored_files(media_root)
    assert path.read_bytes() == PDF
    assert path.name == document.storage_name.rsplit("/", 1)[-1] and "." not in path.name  # a uuid, no extension
    record = AuditEvent.objects.get(event_type=EventType.DOCUMENT_UPLOADED)
    assert record.case_id == case.pk and record.subject_id == str(document.pk)
    assert record.new_values["sha256"] == document.sha256 and record.new_values["description"] == "[beschermd]"
    assert "Paspoort, scan" not in str(record.new_values) and "PDF-1.4" not in str(record.new_values)


def test_a_pdf_renamed_to_jpg_is_stored_as_the_pdf_it_is(case: Case, case_manager: User) -> None:
    document = add(case_manager, case, PDF, name="foto.jpg")
    assert document.content_type == "application/pdf"


def test_images_are_accepted_by_their_bytes(case: Case, case_manager: User) -> None:
    document = add(case_manager, case, image("PNG"), name="document.pdf")
    assert document.content_type == "image/png"


@pytest.mark.parametrize(
    ("content", "name", "setting"),
    [
        (EXE, "besluit.pdf", None),  # an executable renamed to .pdf
        (b"", "leeg.pdf", None),  # empty
        (PDF, "groot.pdf", 100),  # over the configured limit
    ],
)
def test_a_wrong_empty_or_too_large_file_is_refused_naming_the_field_and_nothing_is_stored(
    case: Case, case_manager: User, media_root: Path, settings: Any, content: bytes, name: str, setting: int | None
) -> None:
    if setting is not None:
        settings.REGIE_MAX_UPLOAD_BYTES = setting
    errors = refusal(lambda: add(case_manager, case, content, name=name))
    assert list(errors) == ["file"]
    assert not Document.objects.exists() and stored_files(media_root) == []
    assert not AuditEvent.objects.filter(event_type=EventType.DOCUMENT_UPLOADED).exists()


def test_other_bad_input_names_its_field(case: Case, case_manager: User) -> None:
    errors = refusal(
        lambda: add(case_manager, case, kind="selfie", description="x" * 301, document_date=dt.date(2027, 1, 1))
    )
    assert set(errors) == {"kind", "description", "document_date"}
    missing = refusal(
        lambda: services.document_upload(actor=Actor(user=case_manager), case=case, file=None, kind="passport")
    )
    assert list(missing) == ["file"]


def test_a_failed_database_write_leaves_no_file_in_storage(
    case: Case, case_manager: User, media_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**kwargs: Any) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "record_change", broken)
    with pytest.raises(RuntimeError):
        add(case_manager, case)
    assert stored_files(media_root) == [] and not Document.objects.exists()


def test_a_medical_advice_is_special_category_and_only_for_who_may_see_it(
    case: Case, case_manager: User, make_user: Callable[..., User], team: Any, media_root: Path
) -> None:
    colleague = make_user("case_manager", team)  # same team, not assigned: no special-category data
    with pytest.raises(PermissionDenied):
        add(colleague, case, kind="medical_advice")
    assert stored_files(media_root) == []

    document = add(case_manager, case, kind="medical_advice")
    assert document.special_category
    assert AuditEvent.objects.filter(event_type=EventType.MEDICAL_DOCUMENT_UPLOADED).count() == 1
    with pytest.raises(PermissionDenied):
        services.document_withdraw(actor=Actor(user=colleague), document=document, reason="verkeerd")


def test_someone_of_another_team_cannot_upload(case: Case, other_case_manager: User, media_root: Path) -> None:
    with pytest.raises(PermissionDenied):
        add(other_case_manager, case)
    assert stored_files(media_root) == []


def test_a_withdrawal_needs_a_reason_a_current_version_and_happens_once(case: Case, case_manager: User) -> None:
    document = add(case_manager, case)
    actor = Actor(user=case_manager)
    assert list(refusal(lambda: services.document_withdraw(actor=actor, document=document, reason="  "))) == ["reason"]
    with pytest.raises(ConcurrentEdit):
        services.document_withdraw(actor=actor, document=document, reason="Verkeerd dossier", expected_version=7)

    withdrawn = services.document_withdraw(
        actor=actor, document=document, reason="Verkeerd dossier", expected_version=1
    )
    assert withdrawn.withdrawn and withdrawn.version == 2 and withdrawn.withdrawn_by == case_manager
    record = AuditEvent.objects.get(event_type=EventType.DOCUMENT_WITHDRAWN)
    assert "Verkeerd dossier" not in str(record.new_values)
    with pytest.raises(IllegalTransition):
        services.document_withdraw(actor=actor, document=withdrawn, reason="nogmaals")


def test_retention_deletes_the_rows_and_their_files_medical_advice_with_the_special_category(
    case: Case,
    case_manager: User,
    media_root: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    passport = add(case_manager, case)
    medical = add(case_manager, case, image("JPEG"), kind="medical_advice")
    (item,) = [h for h in held_data() if h.model is Document]

    with django_capture_on_commit_callbacks(execute=True):
        counts = _clear_held(item, DataKind.SPECIAL_CATEGORY, case.person)
    assert counts["documents.document.deleted"] == 1
    assert list(Document.objects.values_list("pk", flat=True)) == [passport.pk]
    assert [p.name for p in stored_files(media_root)] == [passport.storage_name.rsplit("/", 1)[-1]]
    assert medical.storage_name not in str(stored_files(media_root))

    with django_capture_on_commit_callbacks(execute=True):
        counts = _clear_held(item, DataKind.DOCUMENTS, case.person)
    assert counts["documents.document.deleted"] == 1
    assert not Document.objects.exists() and stored_files(media_root) == []


def test_a_rolled_back_retention_keeps_the_files(
    case: Case, case_manager: User, media_root: Path, django_capture_on_commit_callbacks: Any
) -> None:
    add(case_manager, case)
    (item,) = [h for h in held_data() if h.model is Document]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _clear_held(item, DataKind.DOCUMENTS, case.person)
    assert len(callbacks) == 1  # removal waits for the commit; until then the file is there
    assert len(stored_files(media_root)) == 1
