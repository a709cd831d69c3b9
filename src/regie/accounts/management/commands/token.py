"""`regie token create --user NAME --name LABEL`: issue an API token (shown once) for a system account."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from regie.accounts.models import User
from regie.accounts.services import api_token_issue
from regie.core.context import Actor, Channel


class Command(BaseCommand):
    help = "Issue an API token for a user (typically a system account). The token is printed once."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["create"])
        parser.add_argument("--user", required=True, help="username of the account the token acts as")
        parser.add_argument("--name", required=True, help="what the token is for, e.g. 'IND koppeling'")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError("No active user with that username.")
        raw = api_token_issue(actor=Actor(user=None, channel=Channel.CLI), user=user, name=options["name"])
        self.stdout.write(raw)
