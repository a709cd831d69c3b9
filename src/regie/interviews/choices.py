from django.db import models
from django.utils.translation import gettext_lazy as _


class InterviewStatus(models.TextChoices):
    PLANNED = "planned", _("Gepland")
    HELD = "held", _("Gehouden")
    CANCELLED = "cancelled", _("Vervallen")
    NO_SHOW = "no_show", _("Niet verschenen")


class Stance(models.TextChoices):
    COOPERATES = "cooperates", _("Werkt mee")
    PARTLY = "partly", _("Werkt gedeeltelijk mee")
    DOES_NOT = "does_not", _("Werkt niet mee")


class CheckResult(models.TextChoices):
    """The answer to 'did you check this special circumstance in this interview?'."""

    NOT_PRESENT = "not_present", _("Besproken: niet aan de orde")
    PRESENT = "present", _("Besproken: aan de orde")
    NOT_CHECKED = "not_checked", _("Niet besproken")


# The circumstances that must be checked in each of the first three interviews (inspection 2022).
CHECKED_CIRCUMSTANCES = ("medical", "trafficking", "minors", "vulnerability")
FIRST_INTERVIEWS_TO_CHECK = 3

# How the interface names each checked circumstance (the codes stay English, as in the engine's facts).
CIRCUMSTANCE_LABELS = {
    "medical": _("Medische omstandigheden"),
    "trafficking": _("Signalen van mensenhandel"),
    "minors": _("Minderjarigen"),
    "vulnerability": _("Overige kwetsbaarheid"),
}
