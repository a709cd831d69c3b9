"""Where document files live: Django's default storage (`STORAGES["default"]`: the file system under
`REGIE_MEDIA_ROOT` unless `REGIE_STORAGE_BACKEND` names another, such as django-storages' S3). Never
served by URL: every download goes through a view or endpoint that checks visibility and logs the read.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.core.files.base import File
from django.core.files.storage import Storage, storages
from django.db import transaction

from . import domain

log = logging.getLogger(__name__)
CHUNK = 64 * 1024


def document_storage() -> Storage:
    return storages["default"]


@dataclass(frozen=True)
class Inspected:
    """What a file is, read from its bytes before anything is stored."""

    size: int
    sha256: str
    content_type: str | None  # None: not an accepted type


def inspect(file: IO[bytes] | File[Any]) -> Inspected:
    """Read the file once: its size, SHA-256, and its type from the first and last bytes."""
    file.seek(0)
    digest = hashlib.sha256()
    head = b""
    tail = b""
    read = 0
    for chunk in _chunks(file):
        if len(head) < domain.HEAD_BYTES:
            head += chunk[: domain.HEAD_BYTES - len(head)]
        tail = (tail + chunk)[-domain.TAIL_BYTES :]
        digest.update(chunk)
        read += len(chunk)
    file.seek(0)
    return Inspected(size=read, sha256=digest.hexdigest(), content_type=domain.sniff(head, tail))


def _chunks(file: IO[bytes] | File[Any]) -> Iterator[bytes]:
    while chunk := file.read(CHUNK):
        yield chunk


def store(file: IO[bytes] | File[Any]) -> str:
    """Save the file under a new random name (no personal data, no extension) and answer that name."""
    file.seek(0)
    name = f"documents/{uuid.uuid4().hex}"
    return document_storage().save(name, File(file, name=name))


def remove(name: str) -> None:
    """Delete a stored file; a failure is logged by its (random) name and does not hide the first error."""
    try:
        document_storage().delete(name)
    except Exception:
        log.exception("document file %s could not be removed", name)


def remove_after_commit(names: list[str]) -> None:
    """Delete stored files once the transaction that deleted their rows has committed."""

    def remove_all() -> None:
        for name in names:
            remove(name)

    transaction.on_commit(remove_all)
