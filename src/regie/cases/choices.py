from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    IND = "ind", _("IND")
    POLICE = "police", _("Politie / AVIM")
    KMAR = "kmar", _("KMar")
    OTHER = "other", _("Overig")


class TargetGroup(models.TextChoices):
    SUPERVISION = "supervision", _("Aangehouden in het (mobiel) vreemdelingentoezicht")
    BORDER_REFUSAL = "border_refusal", _("Toegang geweigerd aan de grens")
    PERMIT_REVOKED = "permit_revoked", _("Verblijfsvergunning ingetrokken")
    REJECTED_ASYLUM = "rejected_asylum", _("Afgewezen asielzoeker")
    OTHER = "other", _("Overig")


class Phase(models.TextChoices):
    INTAKE = "intake", _("Intake")
    IN_PROGRESS = "in_progress", _("In behandeling")
    DEPARTURE_PREPARED = "departure_prepared", _("Vertrek voorbereid")
    ON_HOLD = "on_hold", _("Aangehouden")
    CLOSED = "closed", _("Afgesloten")


class Outcome(models.TextChoices):
    INDEPENDENT_VERIFIED = "independent_verified", _("Zelfstandig vertrek, aantoonbaar")
    FORCED = "forced", _("Gedwongen vertrek")
    DUBLIN = "dublin", _("Dublinoverdracht")
    UNSUPERVISED = "unsupervised", _("Vertrek zonder toezicht")
    PERMIT_GRANTED = "permit_granted", _("Alsnog verblijfsvergunning")
    NEW_PROCEDURE = "new_procedure", _("Nieuwe procedure")
    NO_FAULT_PERMIT = "no_fault_permit", _("Buitenschuldvergunning")
    DECEASED = "deceased", _("Overleden")
    TRANSFERRED = "transferred", _("Overgedragen")


class OutcomeCategory(models.TextChoices):
    DEMONSTRABLE = "demonstrable", _("Aantoonbaar vertrek")
    NOT_DEMONSTRABLE = "not_demonstrable", _("Niet aantoonbaar vertrek")
    OTHER = "other", _("Overig")


class SpecialCircumstanceKind(models.TextChoices):
    MEDICAL = "medical", _("Medisch")
    TRAFFICKING = "trafficking", _("Mensenhandel")
    MINOR = "minor", _("Minderjarig")
    UNACCOMPANIED_MINOR = "unaccompanied_minor", _("Alleenstaande minderjarige")
    PREGNANCY = "pregnancy", _("Zwangerschap")
    VULNERABILITY = "vulnerability", _("Overige kwetsbaarheid")


class HoldReason(models.TextChoices):
    PENDING_PROCEDURE = "pending_procedure", _("Lopende procedure")
    MEDICAL = "medical", _("Medische omstandigheden")
    OTHER = "other", _("Anders")


class AppointmentKind(models.TextChoices):
    """Appointments of a case that are kept on the dossier itself (interviews and flights live in their
    own apps and reach the agenda through it too)."""

    EMBASSY = "embassy", _("Presentatie op de ambassade")
    COURT = "court", _("Zitting bij de rechtbank")
    OTHER = "other", _("Andere afspraak")
