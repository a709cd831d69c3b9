"""The subject access export as a PDF (WeasyPrint): the same content as the JSON, in the house font."""

from __future__ import annotations

from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

FONT_FILES = {
    (400, "normal"): "regie/vendor/noto-sans/noto-sans-latin-400-normal.woff2",
    (700, "normal"): "regie/vendor/noto-sans/noto-sans-latin-700-normal.woff2",
    (400, "ext"): "regie/vendor/noto-sans/noto-sans-latin-ext-400-normal.woff2",
}


def _font_url(path: str) -> str:
    found = finders.find(path)
    assert isinstance(found, str), f"vendored font {path} is missing"
    return "file://" + found


def export_pdf(data: dict[str, Any]) -> bytes:
    from weasyprint import CSS, HTML

    fonts = {
        "font_regular": _font_url(FONT_FILES[(400, "normal")]),
        "font_bold": _font_url(FONT_FILES[(700, "normal")]),
        "font_ext": _font_url(FONT_FILES[(400, "ext")]),
    }
    html = render_to_string("privacy/subject_access.pdf.html", {"data": data})
    css = render_to_string("privacy/subject_access.pdf.css", fonts)
    pdf: bytes = HTML(string=html).write_pdf(stylesheets=[CSS(string=css)])
    return pdf
