from django.db import models
from django.utils.translation import gettext_lazy as _


class Programme(models.TextChoices):
    BASIC = "basic", _("Basisvertrekondersteuning (IOM/REAN)")
    REINTEGRATION = "reintegration", _("Herintegratieondersteuning")


class Beneficiary(models.TextChoices):
    ADULT = "adult", _("Volwassene")
    MINOR = "minor", _("Minderjarige")
    UNACCOMPANIED_MINOR = "unaccompanied_minor", _("Alleenstaande minderjarige")


class SupportStatus(models.TextChoices):
    AWAITING_APPROVAL = "awaiting_approval", _("Wacht op akkoord teamleider")
    APPROVED = "approved", _("Toegekend")
    REJECTED = "rejected", _("Afgewezen door teamleider")
    REFERRED = "referred", _("Doorverwezen naar partner")
    DELIVERED = "delivered", _("Verstrekt")
    CANCELLED = "cancelled", _("Vervallen")
