from django.db import models
from django.utils.translation import gettext_lazy as _


class LetterKind(models.TextChoices):
    """The letters to the person. The code in a letter's reference (B01 ...) is `domain.KIND_CODES`."""

    INTERVIEW_INVITATION = "interview_invitation", _("Uitnodiging vertrekgesprek")
    REPORTING_DUTY = "reporting_duty", _("Kennisgeving meldplicht")
    VBL_PLACEMENT = "vbl_placement", _("Kennisgeving plaatsing in een VBL")
    SUPPORT_GRANTED = "support_granted", _("Besluit ondersteuning: toegekend")
    SUPPORT_REFUSED = "support_refused", _("Besluit ondersteuning: afgewezen")
    LP_SIGNING = "lp_signing", _("Uitnodiging ondertekenen LP-formulieren")
    DEPARTURE_NOTICE = "departure_notice", _("Kennisgeving gepland vertrek")
    PLAN_SUMMARY = "plan_summary", _("Samenvatting vertrekplan")


class LetterLanguage(models.TextChoices):
    """The languages a letter template exists in (Arabic is written right to left)."""

    DUTCH = "nl", _("Nederlands")
    ENGLISH = "en", _("Engels")
    FRENCH = "fr", _("Frans")
    ARABIC = "ar", _("Arabisch")
