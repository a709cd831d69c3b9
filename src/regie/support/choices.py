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


class ConsentScope(models.TextChoices):
    """What a person may consent to share with the partner their support is referred to (the whole list:
    the partner never sees more). Without consent the partner sees the dossier number and the support."""

    IDENTITY = "identity", _("Naam")
    ORIGIN = "origin", _("Nationaliteit en talen")


class ReportKind(models.TextChoices):
    """What a partner organisation reports back on support referred to it."""

    COUNSELLING_HELD = "counselling_held", _("Terugkeergesprek gehouden")
    APPLICATION_RECEIVED = "application_received", _("Aanvraag voor ondersteuning ontvangen")
    SUPPORT_DELIVERED = "support_delivered", _("Ondersteuning verstrekt")
    DEPARTURE_CONFIRMED = "departure_confirmed", _("Vertrek bevestigd door de partner")
    REINTEGRATION_6_MONTHS = "reintegration_6m", _("Herintegratie na 6 maanden")
    REINTEGRATION_12_MONTHS = "reintegration_12m", _("Herintegratie na 12 maanden")


class SupportForm(models.TextChoices):
    IN_KIND = "in_kind", _("In natura")
    CASH = "cash", _("Contant")


class DepartureConfirmation(models.TextChoices):
    """How the partner knows the person left."""

    ACCOMPANIED = "accompanied", _("Begeleid tot vertrek (luchthaven)")
    ON_ARRIVAL = "on_arrival", _("Ontvangen bij aankomst in het land van terugkeer")
    DOCUMENTS = "documents", _("Bewijs gezien (instapkaart, stempel)")


class ReintegrationStatus(models.TextChoices):
    ON_TRACK = "on_track", _("Verloopt volgens plan")
    COMPLETED = "completed", _("Afgerond, zelfstandig")
    DIFFICULTIES = "difficulties", _("Loopt met problemen")
    STOPPED = "stopped", _("Gestopt")
    NOT_REACHABLE = "not_reachable", _("Niet bereikbaar")
