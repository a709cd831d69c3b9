from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CASE_MANAGER = "case_manager", _("Regievoerder")
    TEAM_LEAD = "team_lead", _("Teamleider")
    PARTNER = "partner", _("Partnerorganisatie")
    ANALYST = "analyst", _("Analist")
    PRIVACY_OFFICER = "privacy_officer", _("Functionaris gegevensbescherming")
    ADMINISTRATOR = "administrator", _("Beheerder")
    # A system that delivers dossiers (IND, police, KMar) through the API; it can write, not read.
    SYSTEM = "system", _("Aanleverend systeem")
