"""factory_boy factories for the suite: teams, users of each role, and intakes.

Dossiers are opened through the intake service (`case_intake`), never written directly, so every case
a test uses has the rows and audit records the application itself writes; `IntakeDataFactory` builds
the intake data for it.
"""

from __future__ import annotations

import datetime as dt

import factory

from regie.accounts.choices import Role
from regie.accounts.models import PartnerOrganisation, Team, User
from regie.cases.intake import IntakeData, LanguageIn, NationalityIn

PASSWORD = "Regie-test-2026!"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Team {n}")


class PartnerOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerOrganisation

    name = "IOM Nederland"
    kind = "iom"


class UserFactory(factory.django.DjangoModelFactory):
    """An ordinary user (never a superuser) of `role`, member of `teams`."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    role = Role.CASE_MANAGER
    username = factory.LazyAttributeSequence(lambda user, n: f"{user.role}{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def teams(obj: User, create: bool, extracted: list[Team] | None, **kwargs: object) -> None:
        if create and extracted:
            obj.teams.set(extracted)
        obj.save()


class IntakeDataFactory(factory.Factory):
    """A valid intake with a unique V-number and source reference; any field can be overridden."""

    class Meta:
        model = IntakeData

    v_number = factory.Sequence(lambda n: f"{3000000000 + n + 1:010d}")
    family_name = "Haddad"
    given_names = "Mohammed"
    birth_year = 1991
    birth_month = 3
    source = "ind"
    source_reference = factory.Sequence(lambda n: f"IND-TEST-{n + 1}")
    target_group = "rejected_asylum"
    return_decision_reference = factory.Sequence(lambda n: f"BES-{n + 1}")
    return_decision_date = dt.date(2026, 11, 2)
    return_decision_authority = "IND"
    nationalities = (NationalityIn("SY"),)
    languages = (LanguageIn("ar", True),)
