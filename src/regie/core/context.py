"""Who is acting, through which channel, in which request: passed explicitly to every service."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from regie.accounts.models import User


class Channel(models.TextChoices):
    WEB = "web", "web"
    API = "api", "API"
    IMPORT = "import", "import"
    JOB = "job", "job"
    ADMIN = "admin", "admin"
    CLI = "cli", "CLI"


@dataclass(frozen=True)
class Actor:
    """The acting user (None for the system itself), the channel and the request id."""

    user: User | None
    channel: str = Channel.WEB
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)

    @property
    def label(self) -> str:
        return self.user.username if self.user is not None else "system"


def system_actor(channel: str = Channel.JOB) -> Actor:
    return Actor(user=None, channel=channel)
