"""Which rows point at files in the default storage (uploaded documents, issued letters, ...): each app that
stores files registers its model here, so that the backup (`regie.operations`) copies exactly the files the
database references without importing the apps that hold them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class StoredFiles:
    """Rows of `model` name a file in the default storage in `name_field` and, where they record one, its
    SHA-256 (hexadecimal) in `sha256_field`."""

    model: type[models.Model]
    name_field: str
    sha256_field: str | None = None

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


_registered: dict[str, StoredFiles] = {}


def register_stored_files(model: type[models.Model], *, name_field: str, sha256_field: str | None = None) -> None:
    """Called from an app's `ready()`; registering the same model again replaces the entry."""
    item = StoredFiles(model, name_field, sha256_field)
    _registered[item.label] = item


def stored_files() -> list[StoredFiles]:
    return sorted(_registered.values(), key=lambda s: s.label)
