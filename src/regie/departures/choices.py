from django.db import models
from django.utils.translation import gettext_lazy as _


class DepartureKind(models.TextChoices):
    INDEPENDENT = "independent", _("Zelfstandig vertrek")
    FORCED = "forced", _("Gedwongen vertrek")
    DUBLIN = "dublin", _("Dublinoverdracht")


class DepartureStatus(models.TextChoices):
    PLANNED = "planned", _("Gepland")
    CONFIRMED = "confirmed", _("Vertrek bevestigd")
    CANCELLED = "cancelled", _("Geannuleerd")


class Escort(models.TextChoices):
    NONE = "none", _("Geen")
    KMAR = "kmar", _("KMar-escorte")
    PARTIAL = "partial", _("Begeleiding tot aan boord")


# The pre-departure checklist (Vc A4): all must be ticked 48 hours before a forced departure.
CHECKLIST_ITEMS = ("ticket", "money", "belongings", "travel_document", "fit_to_fly", "medical_information")
