"""Each letter in each language, issued for a demo case and read back from its PDF (issue 11, item 1).

pypdf returns each Arabic run in logical order (first letter first); on a line that mixes Arabic with
digits or Latin text it gives the runs in the order they stand on the page. So the Arabic text is checked
run by run, and a date written with digits is checked as its parts on one line.
"""

from __future__ import annotations

import re

import pytest
from django.core.files.storage import default_storage

from regie.core.context import Actor
from regie.letters import domain, services
from regie.letters.choices import LetterKind, LetterLanguage

from .conftest import TODAY, pdf_text

# Three or more Arabic words in a row: text whose order on the page pypdf does not disturb.
ARABIC_RUN = re.compile(r"[\u0621-\u0652\u0670-\u06D3]+(?:[ ،][\u0621-\u0652\u0670-\u06D3]+){2,}")


def arabic_runs(text: str) -> list[str]:
    return [m.group(0) for line in text.splitlines() for m in ARABIC_RUN.finditer(line)]


@pytest.mark.parametrize("language", LetterLanguage.values)
@pytest.mark.parametrize("kind", LetterKind.values)
def test_each_letter_in_each_language_reads_back_from_its_pdf(full_dossier, case_manager, kind, language) -> None:
    letter = services.letter_issue(actor=Actor(user=case_manager), case=full_dossier, kind=kind, language=language)
    with default_storage.open(letter.file, "rb") as handle:
        text = pdf_text(handle.read())
    assert "Mohammed Haddad" in text and "3000000" in text
    assert letter.reference in text
    if language != "ar":
        assert domain.date_in_words(TODAY, language) in text
        return
    assert re.search(r"28 ?نوفمبر ?2026|2026 ?نوفمبر ?28", text), "the letter's date, on one line"
    with default_storage.open(letter.file, "rb") as handle:
        lines = pdf_text(handle.read(), fold=False)
    # What the page says in Arabic: the letterhead's words and the letter's text, spaces left out (a
    # table's heading and cell come out joined).
    label = domain.LABELS["ar"]["basis"]
    bases = [label + basis["ar"] for basis in domain.LEGAL_BASIS.values()]
    letterhead = [domain.SERVICE_NAME["ar"], *domain.LABELS["ar"].values(), *bases]
    written = re.sub(r"\s+", "", "|".join([*letterhead, letter.text]))
    found = arabic_runs(lines)
    assert len(found) > 5
    misplaced = [run for run in found if run.replace(" ", "") not in written]
    assert not misplaced, f"every Arabic run on the page is in logical order: {misplaced}"
    assert not [run for run in found if run[::-1].replace(" ", "") in written and run[::-1] != run]
    words = {w for run in arabic_runs(letter.text) for w in run.split()}
    seen = {w for run in found for w in run.split()}
    assert len(words & seen) >= 0.9 * len(words), sorted(words - seen)
