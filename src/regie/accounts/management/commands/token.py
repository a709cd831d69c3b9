"""`regie token create --user NAME --name LABEL`: issue an API token (shown once) for a system account.

`regie token create --partner ORGANISATION --name LABEL`: a token for a partner organisation's own system,
held by the organisation's system account (created on first use): it reads and reports on exactly the
cases referred to that organisation.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from regie.accounts.models import PartnerOrganisation, User
from regie.accounts.services import api_token_issue, partner_system_account
from regie.core.context import Actor, Channel


class Command(BaseCommand):
    help = "Issue an API token for a user (typically a system account). The token is printed once."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["create"])
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--user", help="username of the account the token acts as")
        who.add_argument("--partner", help="name of a partner organisation: a token for its system account")
        parser.add_argument("--name", required=True, help="what the token is for, e.g. 'IND koppeling'")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = Actor(user=None, channel=Channel.CLI)
        if options["partner"]:
            organisation = PartnerOrganisation.objects.filter(name=options["partner"]).first()
            if organisation is None:
                raise CommandError("No partner organisation with that name.")
            user: User | None = partner_system_account(actor=actor, organisation=organisation)
        else:
            user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None or not user.is_active:
            raise CommandError("No active user with that username.")
        raw = api_token_issue(actor=actor, user=user, name=options["name"])
        self.stdout.write(raw)
