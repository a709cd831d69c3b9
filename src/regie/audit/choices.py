from django.db import models
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    """The closed list of things that can happen. New services add their type here."""

    PERSON_CREATED = "person.created", _("Persoon geregistreerd")
    PERSON_UPDATED = "person.updated", _("Persoonsgegevens gewijzigd")
    PERSON_NAME_ADDED = "person.name_added", _("Naam of alias toegevoegd")
    NATIONALITY_RECORDED = "person.nationality_recorded", _("Nationaliteit vastgelegd")
    LANGUAGE_RECORDED = "person.language_recorded", _("Taal vastgelegd")
    FAMILY_LINKED = "person.family_linked", _("Gezinsrelatie vastgelegd")
    DUPLICATE_FLAGGED = "person.duplicate_flagged", _("Mogelijke dubbele persoon gesignaleerd")
    DUPLICATE_RESOLVED = "person.duplicate_resolved", _("Mogelijke dubbele persoon beoordeeld")
    CASE_OPENED = "case.opened", _("Dossier geopend")
    CASE_UPDATED = "case.updated", _("Dossier gewijzigd")
    CASE_ASSIGNED = "case.assigned", _("Dossier toegewezen")
    CASE_PHASE_CHANGED = "case.phase_changed", _("Fase gewijzigd")
    CASE_CLOSED = "case.closed", _("Dossier afgesloten")
    CASE_NOTE_ADDED = "case.note_added", _("Notitie toegevoegd")
    SPECIAL_CIRCUMSTANCE_RECORDED = (
        "case.special_circumstance_recorded",
        _("Bijzondere omstandigheid vastgelegd"),
    )
    MEDICAL_BACKGROUND_UPDATED = "case.medical_background_updated", _("Medische achtergrond gewijzigd")
    DEADLINES_RECOMPUTED = "case.deadlines_recomputed", _("Termijnen herberekend")
    FAMILY_HOUSEHOLD_SET = "person.household_set", _("Huishouden vastgelegd")
    # interviews (departure interviews and plan)
    # removability (pending procedures, medical postponement)
    # travel_documents (documents, country requirements, LP requests)
    # support (grants, approvals, referrals)
    # measures (reporting duty, VBL, detention)
    # departures (plan, checklist, handover, confirmation)
    REMINDER_CREATED = "deadline.reminder_created", _("Herinnering aangemaakt")
    USER_CREATED = "account.user_created", _("Gebruiker aangemaakt")
    TEAM_CREATED = "account.team_created", _("Team aangemaakt")
    ACCOUNT_CHANGED = "account.changed", _("Beheer: gebruiker, team of organisatie gewijzigd")
    API_TOKEN_ISSUED = "account.api_token_issued", _("API-sleutel uitgegeven")


class AccessPurpose(models.TextChoices):
    DOSSIER_VIEW = "dossier_view", _("Dossier bekeken")
    API_READ = "api_read", _("Gelezen via API")
    EXPORT = "export", _("Export")
    DUPLICATE_REVIEW = "duplicate_review", _("Beoordeling mogelijke dubbele persoon")


# Values of these fields never enter the audit trail: only the fact that they changed.
RESTRICTED_FIELDS = frozenset({"medical_background", "note_restricted"})
REDACTED = "[gewijzigd, inhoud beschermd]"
