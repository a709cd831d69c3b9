from django.db import models
from django.utils.translation import gettext_lazy as _


class DetentionBasis(models.TextChoices):
    ART59 = "art59", _("Art. 59 Vw (terugkeer)")
    ART59A = "art59a", _("Art. 59a Vw (Dublin)")
    ART59B = "art59b", _("Art. 59b Vw (asiel)")


class DetentionEndReason(models.TextChoices):
    DEPARTED = "departed", _("Vertrokken")
    COURT_ORDER = "court_order", _("Opgeheven door de rechter")
    NO_PROSPECT = "no_prospect", _("Geen zicht op uitzetting")
    MAXIMUM_REACHED = "maximum_reached", _("Maximale duur bereikt")
    OTHER_MEASURE = "other_measure", _("Omgezet in lichter middel")
    OTHER = "other", _("Anders")


class DetentionExtensionReason(models.TextChoices):
    """The two grounds on which detention may last beyond 6 months (Return Directive art. 15(6))."""

    NON_COOPERATION = "non_cooperation", _("De vreemdeling werkt niet mee")
    DOCUMENTS_AWAITED = "documents_awaited", _("Wachten op documenten uit het land van herkomst")


class MeasureEndReason(models.TextChoices):
    COMPLETED = "completed", _("Beëindigd")
    ABSCONDED = "absconded", _("Met onbekende bestemming vertrokken")
    DEPARTED = "departed", _("Vertrokken")
    REPLACED = "replaced", _("Vervangen door een andere maatregel")


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Wacht op de teamleider")
    APPROVED = "approved", _("Goedgekeurd: bewaring gestart")
    REFUSED = "refused", _("Afgewezen")
