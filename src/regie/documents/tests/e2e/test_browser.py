"""Documents in a real browser: upload (a refused file first), the list, a download, withdrawal; axe on each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from regie.accounts.models import User
from regie.audit.models import AccessRecord
from regie.cases.models import Case
from regie.core import clock
from regie.documents.models import Document
from regie.testing.browser import E2E, assert_accessible, login

from ..conftest import EXE, PDF

NOW = dt.datetime(2026, 5, 4, 10, 0)
pytestmark = [*E2E, pytest.mark.frozen_at(NOW)]


def test_case_manager_uploads_downloads_and_withdraws_a_document(
    page: Any, axe_source: str, make_case: Callable[..., Case], case_manager: User, tmp_path: Path
) -> None:
    wrong = tmp_path / "besluit.pdf"
    wrong.write_bytes(EXE)
    scan = tmp_path / "uitspraak.jpg"
    scan.write_bytes(PDF)
    with clock.frozen(NOW):
        case = make_case(return_decision_date=dt.date(2026, 3, 2))
        login(page, case_manager.username)
        page.goto(page.base_url + f"/dossiers/{case.pk}/documenten/")
        assert_accessible(page, axe_source)

        form = page.locator("form", has=page.get_by_role("heading", name="Document toevoegen"))
        form.get_by_label("Bestand").set_input_files(str(wrong))
        form.get_by_label("Soort document").select_option("court_decision")
        form.get_by_role("button", name="Toevoegen").click()
        page.wait_for_load_state()
        assert "alleen PDF, JPEG, PNG, TIFF of WebP" in page.locator("#id_upload-file-error").inner_text()
        assert_accessible(page, axe_source)

        form = page.locator("form", has=page.get_by_role("heading", name="Document toevoegen"))
        form.get_by_label("Bestand").set_input_files(str(scan))
        form.get_by_label("Soort document").select_option("court_decision")
        form.get_by_label("Omschrijving").fill("Uitspraak rechtbank")
        form.get_by_role("button", name="Toevoegen").click()
        page.wait_for_url(f"**/dossiers/{case.pk}/#documenten")
        assert_accessible(page, axe_source)
        document = Document.objects.get()
        assert document.content_type == "application/pdf"

        section = page.locator("#documenten")
        assert "Uitspraak rechtbank" in section.inner_text()
        before = AccessRecord.objects.count()
        with page.expect_download() as download:
            section.get_by_role("link", name="Downloaden").click()
        assert download.value.suggested_filename == f"court_decision-{str(document.pk)[:8]}.pdf"
        assert Path(download.value.path()).read_bytes() == PDF
        assert AccessRecord.objects.count() == before + 1

        section.get_by_role("link", name="Intrekken").click()
        page.wait_for_load_state()
        assert_accessible(page, axe_source)
        page.get_by_label("Reden van intrekken").fill("Verkeerd dossier")
        page.get_by_role("button", name="Intrekken").click()
        page.wait_for_url(f"**/dossiers/{case.pk}/#documenten")
        section = page.locator("#documenten")
        assert not section.get_by_text("Uitspraak rechtbank").is_visible()
        section.get_by_text("Toon ingetrokken (1)").click()
        assert section.get_by_text("Uitspraak rechtbank").is_visible()
        assert_accessible(page, axe_source)
