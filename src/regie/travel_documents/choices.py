from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    PASSPORT = "passport", _("Paspoort")
    ID_CARD = "id_card", _("Identiteitskaart")
    LAISSEZ_PASSER = "laissez_passer", _("Laissez-passer")
    BIRTH_CERTIFICATE = "birth_certificate", _("Geboorteakte")
    OTHER = "other", _("Ander document")


class LpStatus(models.TextChoices):
    PREPARED = "prepared", _("Voorbereid")
    SIGNED = "signed", _("Ondertekend door de vreemdeling")
    SIGNING_REFUSED = "signing_refused", _("Ondertekening geweigerd")
    SENT = "sent", _("Verzonden naar de autoriteiten")
    PRESENTED = "presented", _("Gepresenteerd op de ambassade")
    CLOSED = "closed", _("Afgerond")


class LpOutcome(models.TextChoices):
    ISSUED = "issued", _("Erkend, LP afgegeven")
    NOT_RECOGNISED = "not_recognised", _("Niet erkend als onderdaan")
    INSUFFICIENT_INFORMATION = "insufficient_information", _("Onvoldoende informatie")
    BORDER_HANDOVER = "border_handover", _("Overdracht aan de grens afgesproken")
    WITHDRAWN = "withdrawn", _("Ingetrokken")
