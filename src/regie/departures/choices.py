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

# Medical facts (special-category data): their state and date only for the assigned case manager and
# the team lead, who alone record them (`cases.permissions.can_see_special_categories`).
MEDICAL_CHECKS = ("fit_to_fly", "medical_information")

CHECKLIST_LABELS = {
    "ticket": _("Ticket geboekt en in bezit"),
    "money": _("Geld voor onderweg geregeld"),
    "belongings": _("Bagage en eigendommen gereed"),
    "travel_document": _("Reisdocument geldig op de vertrekdatum"),
    "fit_to_fly": _("Medisch in staat om te reizen (fit to fly)"),
    "medical_information": _("Medische informatie voor de escorte overgedragen"),
}


class CancelReason(models.TextChoices):
    REFUSED_BOARDING = "refused_boarding", _("Weigerde aan boord te gaan")
    MEDICAL = "medical", _("Medische redenen")
    PROCEDURE = "procedure", _("Lopende procedure")
    TRAVEL_DOCUMENT = "travel_document", _("Reisdocument ontbreekt of is ongeldig")
    FLIGHT = "flight", _("Vlucht geannuleerd of gewijzigd")
    ABSCONDED = "absconded", _("Onttrokken aan het toezicht")
    CASE_CLOSED = "case_closed", _("Dossier afgesloten zonder vertrek")
    OTHER = "other", _("Anders")
