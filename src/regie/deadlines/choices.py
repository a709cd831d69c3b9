from django.db import models
from django.utils.translation import gettext_lazy as _


class MarkKind(models.TextChoices):
    DONE = "done", _("afgerond")
    SNOOZED = "snoozed", _("uitgesteld")
