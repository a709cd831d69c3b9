"""The shared base model: uuid primary key, creation and update times."""

from __future__ import annotations

import uuid

from django.db import models


class BaseModel(models.Model):
    """Every domain table: a uuid key (safe in URLs: it says nothing about the person) and timestamps."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(BaseModel):
    """A row that people edit concurrently: `version` guards against silent overwrites."""

    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True
