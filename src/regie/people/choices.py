from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    FEMALE = "F", _("vrouw")
    MALE = "M", _("man")
    OTHER = "X", _("anders / onbepaald")
    UNKNOWN = "U", _("onbekend")


class NameKind(models.TextChoices):
    PRIMARY = "primary", _("hoofdidentiteit")
    VARIANT = "variant", _("schrijfwijze")
    ALIAS = "alias", _("alias")


class NationalityStatus(models.TextChoices):
    CLAIMED = "claimed", _("gesteld")
    ESTABLISHED = "established", _("vastgesteld")


class FamilyRelation(models.TextChoices):
    PARTNER = "partner", _("partner")
    PARENT = "parent", _("ouder")
    CHILD = "child", _("kind")
    SIBLING = "sibling", _("broer/zus")
    OTHER = "other", _("overig familielid")


class DuplicateStatus(models.TextChoices):
    OPEN = "open", _("te beoordelen")
    SAME = "same", _("zelfde persoon")
    DIFFERENT = "different", _("verschillende personen")
