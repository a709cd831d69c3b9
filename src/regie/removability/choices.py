from django.db import models
from django.utils.translation import gettext_lazy as _


class ProcedureKind(models.TextChoices):
    APPEAL = "appeal", _("Beroep")
    HIGHER_APPEAL = "higher_appeal", _("Hoger beroep")
    NEW_ASYLUM = "new_asylum", _("Nieuwe asielaanvraag (opvolgende aanvraag)")
    REGULAR_PERMIT = "regular_permit", _("Aanvraag reguliere verblijfsvergunning")
    ART64 = "art64", _("Aanvraag uitstel van vertrek (art. 64 Vw)")
    INTERIM_MEASURE = "interim_measure", _("Voorlopige voorziening")
    OTHER = "other", _("Anders")


class PostponementGround(models.TextChoices):
    """Art. 64 Vw grounds: some apply automatically, others on advice of the BMA."""

    TUBERCULOSIS = "tuberculosis", _("Tuberculose (automatisch)")
    HOSPITAL = "hospital", _("Ziekenhuisopname (automatisch)")
    PREGNANCY = "pregnancy", _("Zwangerschap, 6 weken voor tot 6 weken na de bevalling (automatisch)")
    BMA_ADVICE = "bma_advice", _("Op advies van het Bureau Medische Advisering (BMA)")


AUTOMATIC_GROUNDS = frozenset(
    {PostponementGround.TUBERCULOSIS, PostponementGround.HOSPITAL, PostponementGround.PREGNANCY}
)
