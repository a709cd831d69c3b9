from django.db import models
from django.utils.translation import gettext_lazy as _


class DossierFileKind(models.TextChoices):
    """What a scan or file in the dossier is. A medical advice is special-category data (GDPR art. 9)."""

    PASSPORT = "passport", _("Paspoort")
    ID_CARD = "id_card", _("Identiteitskaart")
    BIRTH_CERTIFICATE = "birth_certificate", _("Geboorteakte")
    LP_FORMS = "lp_forms", _("LP-formulieren")
    COURT_DECISION = "court_decision", _("Uitspraak van de rechter")
    MEDICAL_ADVICE = "medical_advice", _("Medisch advies")
    OTHER = "other", _("Ander document")


# Kinds whose files are special-category data: seen, uploaded and downloaded only by who may see that data.
SPECIAL_CATEGORY_KINDS = frozenset({DossierFileKind.MEDICAL_ADVICE.value})
