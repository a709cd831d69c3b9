"""Pure rules of documents: what a file is, judged from its bytes (never from its name), and the limits.

`puremagic` (pure Python, its own signature table) names the type from the first bytes; a type counts only
when it is one Regie accepts AND its structure confirms it (a PDF has its header at the start and its
end-of-file marker near the end; an image has its full signature). Everything else is refused with the
field named (`file`). See docs/decisions/0020-document-uploads.md.
"""

from __future__ import annotations

import re

import puremagic
from django.utils.translation import gettext_noop

from regie.core.domain import message_template

# How many bytes of the start and of the end of a file the checks read.
HEAD_BYTES = 8192
TAIL_BYTES = 2048

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
TIFF = "image/tiff"
WEBP = "image/webp"
# The accepted types and the extension of a download's file name. HEIC is not accepted (decision 0020).
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png", TIFF: "tif", WEBP: "webp"}
ACCEPTED = frozenset(EXTENSIONS)
PDF_HEADER = re.compile(rb"%PDF-[12]\.\d")

FILE_MISSING = gettext_noop("Kies een bestand.")
FILE_EMPTY = gettext_noop("Het bestand is leeg.")
FILE_TYPE = gettext_noop("Dit soort bestand kan niet worden toegevoegd: alleen PDF, JPEG, PNG, TIFF of WebP.")
FILE_TOO_LARGE = message_template(gettext_noop("Het bestand is te groot: maximaal %(mb)s MB."))
FUTURE_DATE = gettext_noop("Deze datum ligt in de toekomst.")


def too_large_message(limit: int) -> str:
    return FILE_TOO_LARGE % {"mb": f"{limit / (1024 * 1024):g}"}


def _structure_holds(content_type: str, head: bytes, tail: bytes) -> bool:
    """The type's own signature, checked in full (a library's guess is a guess)."""
    if content_type == PDF:
        # The header at the very start (no polyglot with something else in front) and the trailer's
        # end-of-file marker in the last bytes.
        return PDF_HEADER.match(head) is not None and b"%%EOF" in tail
    if content_type == JPEG:
        return head[:3] == b"\xff\xd8\xff"
    if content_type == PNG:
        return head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR"
    if content_type == TIFF:
        return head[:4] in {b"II*\x00", b"MM\x00*"}
    if content_type == WEBP:
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    return False


def sniff(head: bytes, tail: bytes) -> str | None:
    """The accepted content type of a file from its first `HEAD_BYTES` and last `TAIL_BYTES`, or None."""
    if not head:
        return None
    try:
        found = puremagic.magic_string(head)
    except (puremagic.PureError, ValueError):
        return None
    for guess in found:
        mime = "image/tiff" if guess.mime_type in {"image/tiff", "image/tif"} else guess.mime_type
        if mime in ACCEPTED and _structure_holds(mime, head, tail):
            return mime
    return None


def download_name(kind: str, content_type: str, key: str) -> str:
    """A download's file name: the kind and the start of the row's id, never anything of the person."""
    return f"{kind}-{key[:8]}.{EXTENSIONS.get(content_type, 'bin')}"
