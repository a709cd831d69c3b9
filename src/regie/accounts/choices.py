from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CASE_MANAGER = "case_manager", _("Regievoerder")
    TEAM_LEAD = "team_lead", _("Teamleider")
    PARTNER = "partner", _("Partnerorganisatie")
    ANALYST = "analyst", _("Analist")
    PRIVACY_OFFICER = "privacy_officer", _("Functionaris gegevensbescherming")
    ADMINISTRATOR = "administrator", _("Beheerder")
    # Keeps the country requirements and embassy contacts; sees the LP requests in flight of every team
    # with only the identity an LP request needs, never dossiers or medical data.
    COUNTRY_SPECIALIST = "country_specialist", _("Land- en documentspecialist")
    # A system that delivers dossiers (IND, police, KMar) through the API; it can write, not read.
    SYSTEM = "system", _("Aanleverend systeem")
