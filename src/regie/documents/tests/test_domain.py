"""What a file is, from its bytes: accepted types pass, anything else (whatever its name) does not."""

from __future__ import annotations

import pytest

from regie.documents import domain

from .conftest import EXE, PDF, image


def sniff(content: bytes) -> str | None:
    return domain.sniff(content[: domain.HEAD_BYTES], content[-domain.TAIL_BYTES :])


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF, "application/pdf"),
        (image("JPEG"), "image/jpeg"),
        (image("PNG"), "image/png"),
        (image("TIFF"), "image/tiff"),
        (image("WEBP"), "image/webp"),
    ],
)
def test_accepted_types_are_recognised_by_their_bytes(content: bytes, expected: str) -> None:
    assert sniff(content) == expected


@pytest.mark.parametrize(
    "content",
    [
        EXE,
        b"",
        b"plain text, not a document",
        b"<html><script>alert(1)</script></html>",
        PDF.replace(b"%%EOF", b"%%EOX"),  # no end-of-file marker: not a whole PDF
        b"junk before " + PDF,  # the header must be at the start (no polyglot)
        image("GIF"),  # an image, but not an accepted type
        b"PK\x03\x04" + b"\x00" * 100,  # a zip (an office document)
    ],
)
def test_everything_else_is_refused(content: bytes) -> None:
    assert sniff(content) is None


def test_a_download_name_holds_the_kind_and_an_id_only() -> None:
    name = domain.download_name("passport", "application/pdf", "3f2a9c0d-1e6b-4a58-b1f0-c2d3e4f5a6b7")
    assert name == "passport-3f2a9c0d.pdf"


def test_the_size_message_names_the_limit_in_megabytes() -> None:
    assert domain.too_large_message(20 * 1024 * 1024) == "Het bestand is te groot: maximaal 20 MB."
