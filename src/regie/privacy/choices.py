from django.db import models
from django.utils.translation import gettext_lazy as _


class DataKind(models.TextChoices):
    """Kinds of personal data with their own retention period (`RetentionRule`)."""

    IDENTITY = "identity", _("identiteit (namen, V-nummer, geboortedag en -maand, geboorteplaats, kenmerken)")
    SPECIAL_CATEGORY = "special_category", _("bijzondere persoonsgegevens (medisch, bijzondere omstandigheden)")
    FREE_TEXT = "free_text", _("vrije tekst (notities, verslagen, toelichtingen)")
    DOCUMENTS = "documents", _("documenten")


class SubjectRequestKind(models.TextChoices):
    ACCESS = "access", _("inzage (art. 15 AVG)")
    RECTIFICATION = "rectification", _("rectificatie (art. 16 AVG)")
    RESTRICTION = "restriction", _("beperking van de verwerking (art. 18 AVG)")
    OBJECTION = "objection", _("bezwaar (art. 21 AVG)")


class SubjectRequestStatus(models.TextChoices):
    RECEIVED = "received", _("ontvangen")
    IN_HANDLING = "in_handling", _("in behandeling")
    DONE = "done", _("afgehandeld")
    REFUSED = "refused", _("afgewezen")


class ExportFormat(models.TextChoices):
    JSON = "json", "JSON"
    PDF = "pdf", "PDF"
