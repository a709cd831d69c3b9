"""A letter as a PDF (WeasyPrint), in the house font with a bundled Arabic face (Noto Naskh Arabic), so
Arabic is shaped and set right to left on every machine (decision 0019)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from .domain import SERVICE_ADDRESS

FONT_FILES = {
    "font_regular": "regie/vendor/noto-sans/noto-sans-latin-400-normal.woff2",
    "font_bold": "regie/vendor/noto-sans/noto-sans-latin-700-normal.woff2",
    "font_ext": "regie/vendor/noto-sans/noto-sans-latin-ext-400-normal.woff2",
    "font_arabic": "letters/vendor/noto-naskh-arabic/noto-naskh-arabic-arabic-400-normal.woff2",
    "font_arabic_bold": "letters/vendor/noto-naskh-arabic/noto-naskh-arabic-arabic-700-normal.woff2",
}


@dataclass(frozen=True)
class Page:
    """The letter in one language: its letterhead's words and its text (paragraphs of lines)."""

    language: str
    direction: str
    service: str
    labels: dict[str, str]
    basis: str
    date: str
    subject: str
    paragraphs: list[list[str]]


def _font_url(path: str) -> str:
    found = finders.find(path)
    assert isinstance(found, str), f"vendored font {path} is missing"
    return "file://" + found


def paragraphs(text: str) -> list[list[str]]:
    """Plain text as paragraphs (split at blank lines) of lines."""
    blocks = [block.strip("\n") for block in text.replace("\r\n", "\n").split("\n\n")]
    return [block.split("\n") for block in blocks if block.strip()]


def letter_pdf(*, pages: list[Page], reference: str, case_number: str, v_number: str, addressee: str) -> bytes:
    """The PDF of a letter: one letter per language (Dutch with English: two), each with the letterhead,
    the reference, the date and the legal basis. The document's title is the reference (no name)."""
    from weasyprint import CSS, HTML

    context = {
        "pages": pages,
        "reference": reference,
        "case_number": case_number,
        "v_number": v_number,
        "addressee": addressee,
        "address": SERVICE_ADDRESS,
    }
    html = render_to_string("letters/letter.pdf.html", context)
    css = render_to_string("letters/letter.pdf.css", {name: _font_url(path) for name, path in FONT_FILES.items()})
    pdf: bytes = HTML(string=html).write_pdf(stylesheets=[CSS(string=css)])
    return pdf
