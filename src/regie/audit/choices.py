from django.db import models
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    """The closed list of things that can happen. New services add their type here."""

    PERSON_CREATED = "person.created", _("Persoon geregistreerd")
    PERSON_UPDATED = "person.updated", _("Persoonsgegevens gewijzigd")
    PERSON_NAME_ADDED = "person.name_added", _("Naam of alias toegevoegd")
    NATIONALITY_RECORDED = "person.nationality_recorded", _("Nationaliteit vastgelegd")
    NATIONALITY_ESTABLISHED = "person.nationality_established", _("Nationaliteit vastgesteld")
    LANGUAGE_RECORDED = "person.language_recorded", _("Taal vastgelegd")
    LANGUAGE_REMOVED = "person.language_removed", _("Taal verwijderd")
    FAMILY_LINKED = "person.family_linked", _("Gezinsrelatie vastgelegd")
    FAMILY_UNLINKED = "person.family_unlinked", _("Gezinsrelatie verwijderd")
    DUPLICATE_FLAGGED = "person.duplicate_flagged", _("Mogelijke dubbele persoon gesignaleerd")
    DUPLICATE_RESOLVED = "person.duplicate_resolved", _("Mogelijke dubbele persoon beoordeeld")
    CASE_OPENED = "case.opened", _("Dossier geopend")
    CASE_UPDATED = "case.updated", _("Dossier gewijzigd")
    CASE_ASSIGNED = "case.assigned", _("Dossier toegewezen")
    CASE_PHASE_CHANGED = "case.phase_changed", _("Fase gewijzigd")
    CASE_CLOSED = "case.closed", _("Dossier afgesloten")
    CASE_NOTE_ADDED = "case.note_added", _("Notitie toegevoegd")
    APPOINTMENT_PLANNED = "case.appointment_planned", _("Afspraak gepland")
    APPOINTMENT_CANCELLED = "case.appointment_cancelled", _("Afspraak geannuleerd")
    SPECIAL_CIRCUMSTANCE_RECORDED = (
        "case.special_circumstance_recorded",
        _("Bijzondere omstandigheid vastgelegd"),
    )
    MEDICAL_BACKGROUND_UPDATED = "case.medical_background_updated", _("Medische achtergrond gewijzigd")
    SPECIAL_CIRCUMSTANCE_REMOVED = "case.special_circumstance_removed", _("Bijzondere omstandigheid verwijderd")
    DEADLINES_RECOMPUTED = "case.deadlines_recomputed", _("Termijnen herberekend")
    FAMILY_HOUSEHOLD_SET = "person.household_set", _("Huishouden vastgelegd")
    # interviews (departure interviews and plan)
    INTERVIEW_PLANNED = "interview.planned", _("Vertrekgesprek gepland")
    INTERVIEW_RECORDED = "interview.recorded", _("Vertrekgesprek vastgelegd")
    INTERVIEW_CANCELLED = "interview.cancelled", _("Vertrekgesprek vervallen")
    INTERVIEW_NO_SHOW = "interview.no_show", _("Niet verschenen voor vertrekgesprek")
    DEPARTURE_PLAN_UPDATED = "interview.departure_plan_updated", _("Vertrekplan gewijzigd")
    # removability (pending procedures, medical postponement)
    PROCEDURE_RECORDED = "removability.procedure_recorded", _("Lopende procedure vastgelegd")
    PROCEDURE_ENDED = "removability.procedure_ended", _("Procedure beëindigd")
    POSTPONEMENT_RECORDED = "removability.postponement_recorded", _("Uitstel van vertrek (art. 64 Vw) vastgelegd")
    POSTPONEMENT_ENDED_EARLY = "removability.postponement_ended_early", _("Uitstel van vertrek eerder beëindigd")
    # travel_documents (documents, country requirements, LP requests)
    DOCUMENT_RECORDED = "travel_document.document_recorded", _("Identiteits- of reisdocument vastgelegd")
    COUNTRY_REQUIREMENT_SAVED = "travel_document.country_requirement_saved", _("Landeneisen opgeslagen")
    LP_REQUEST_PREPARED = "travel_document.lp_prepared", _("LP-aanvraag voorbereid")
    LP_REQUEST_SIGNED = "travel_document.lp_signed", _("LP-aanvraag ondertekend door de vreemdeling")
    LP_REQUEST_SIGNING_REFUSED = "travel_document.lp_signing_refused", _("Ondertekening LP-aanvraag geweigerd")
    LP_REQUEST_SENT = "travel_document.lp_sent", _("LP-aanvraag verzonden")
    LP_REQUEST_PRESENTED = "travel_document.lp_presented", _("Gepresenteerd op de ambassade")
    LP_REQUEST_CLOSED = "travel_document.lp_closed", _("LP-aanvraag afgerond")
    # documents (uploaded scans and files; a medical advice under its own types: special category)
    DOCUMENT_UPLOADED = "document.uploaded", _("Document toegevoegd")
    DOCUMENT_WITHDRAWN = "document.withdrawn", _("Document ingetrokken")
    MEDICAL_DOCUMENT_UPLOADED = "document.medical_uploaded", _("Medisch document toegevoegd")
    MEDICAL_DOCUMENT_WITHDRAWN = "document.medical_withdrawn", _("Medisch document ingetrokken")
    # support (grants, approvals, referrals)
    SUPPORT_GRANT_APPLIED = "support.grant_applied", _("Terugkeerondersteuning aangevraagd")
    SUPPORT_GRANT_APPROVED = "support.grant_approved", _("Terugkeerondersteuning goedgekeurd door teamleider")
    SUPPORT_GRANT_REJECTED = "support.grant_rejected", _("Terugkeerondersteuning afgewezen door teamleider")
    SUPPORT_GRANT_REFERRED = "support.grant_referred", _("Doorverwezen naar partnerorganisatie")
    SUPPORT_GRANT_DELIVERED = "support.grant_delivered", _("Terugkeerondersteuning verstrekt")
    SUPPORT_GRANT_CANCELLED = "support.grant_cancelled", _("Terugkeerondersteuning vervallen")
    SUPPORT_CONSENT_RECORDED = (
        "support.consent_recorded",
        _("Toestemming om gegevens met de partner te delen vastgelegd"),
    )
    SUPPORT_CONSENT_WITHDRAWN = (
        "support.consent_withdrawn",
        _("Toestemming om gegevens met de partner te delen ingetrokken"),
    )
    # what partner organisations report back (support.PartnerReport), one type per kind
    PARTNER_COUNSELLING_HELD = "support.partner_counselling_held", _("Partner: terugkeergesprek gehouden")
    PARTNER_APPLICATION_RECEIVED = "support.partner_application_received", _("Partner: aanvraag ontvangen")
    PARTNER_SUPPORT_DELIVERED = "support.partner_support_delivered", _("Partner: ondersteuning verstrekt")
    PARTNER_DEPARTURE_CONFIRMED = "support.partner_departure_confirmed", _("Partner: vertrek bevestigd")
    PARTNER_REINTEGRATION_6_MONTHS = "support.partner_reintegration_6m", _("Partner: herintegratie na 6 maanden")
    PARTNER_REINTEGRATION_12_MONTHS = "support.partner_reintegration_12m", _("Partner: herintegratie na 12 maanden")
    # measures (reporting duty, VBL, detention)
    REPORTING_DUTY_IMPOSED = "reporting_duty.imposed", _("Meldplicht opgelegd")
    REPORTING_DUTY_ENDED = "reporting_duty.ended", _("Meldplicht beëindigd")
    VBL_PLACED = "vbl.placed", _("Geplaatst in vrijheidsbeperkende locatie")
    VBL_REVIEWED = "vbl.reviewed", _("Verblijf in VBL beoordeeld")
    VBL_ENDED = "vbl.ended", _("Verblijf in VBL beëindigd")
    DETENTION_STARTED = "detention.started", _("Bewaring gestart")
    DETENTION_APPEAL_RECORDED = "detention.appeal_recorded", _("Beroep tegen bewaring vastgelegd")
    DETENTION_COURT_NOTIFIED = "detention.court_notified", _("Rechter geïnformeerd over bewaring")
    DETENTION_EXTENDED = "detention.extended", _("Bewaring verlengd")
    DETENTION_ENDED = "detention.ended", _("Bewaring beëindigd")
    # departures (plan, checklist, handover, confirmation)
    DEPARTURE_PLANNED = "departure.planned", _("Vertrek gepland")
    DEPARTURE_UPDATED = "departure.updated", _("Vertrekplanning gewijzigd")
    DEPARTURE_CHECKED = "departure.checked", _("Controle vóór vertrek bijgewerkt")
    DEPARTURE_HANDOVER_RECORDED = "departure.handover_recorded", _("Overdracht aan de escorte vastgelegd")
    DEPARTURE_CONFIRMED = "departure.confirmed", _("Vertrek bevestigd")
    DEPARTURE_CANCELLED = "departure.cancelled", _("Vertrek geannuleerd")
    CASE_CLOSED_WITHOUT_DEPARTURE = "departure.case_closed_without_departure", _("Dossier afgesloten zonder vertrek")
    # letters (templates as data, letters issued to the person)
    LETTER_ISSUED = "letter.issued", _("Brief verstuurd")
    LETTER_TEMPLATE_SAVED = "letter.template_saved", _("Briefsjabloon opgeslagen")
    REMINDER_CREATED = "deadline.reminder_created", _("Herinnering aangemaakt")
    DEADLINE_RULE_SAVED = "deadline.rule_saved", _("Termijnregel vastgelegd")
    DETENTION_PROPOSED = "detention.proposed", _("Bewaring voorgesteld")
    DETENTION_PROPOSAL_APPROVED = "detention.proposal_approved", _("Voorstel tot bewaring goedgekeurd")
    DETENTION_PROPOSAL_REFUSED = "detention.proposal_refused", _("Voorstel tot bewaring afgewezen")
    WORKLIST_ITEM_DONE = "deadline.worklist_item_done", _("Werklijstpunt afgerond (buiten Regie gedaan)")
    WORKLIST_ITEM_SNOOZED = "deadline.worklist_item_snoozed", _("Werklijstpunt uitgesteld")
    NOTIFICATION_READ = "deadline.notification_read", _("Melding gelezen")
    SUPPORT_RULE_SAVED = "support.rule_saved", _("Bedragregel of instelling ondersteuning vastgelegd")
    USER_CREATED = "account.user_created", _("Gebruiker aangemaakt")
    TEAM_CREATED = "account.team_created", _("Team aangemaakt")
    ACCOUNT_CHANGED = "account.changed", _("Beheer: gebruiker, team of organisatie gewijzigd")
    API_TOKEN_ISSUED = "account.api_token_issued", _("API-sleutel uitgegeven")
    ACCOUNT_ACCESS_CHANGED = "account.access_changed", _("Beheer: rol, teams of toegang gewijzigd")
    ACCESS_GRANT_REQUESTED = "account.access_grant_requested", _("Toegang aangevraagd (wacht op tweede beheerder)")
    ACCESS_GRANT_CONFIRMED = "account.access_grant_confirmed", _("Toegang bevestigd door tweede beheerder")
    ACCESS_GRANT_REFUSED = "account.access_grant_refused", _("Toegang afgewezen door tweede beheerder")
    AUDIT_CHECKPOINTED = "audit.checkpoint_signed", _("Controlepunt van de audittrail ondertekend")
    AUDIT_MONTHS_ARCHIVED = (
        "audit.months_archived",
        _("Maanden van de audittrail en het toegangslogboek losgekoppeld voor archivering"),
    )
    # privacy (retention, the rights of the person)
    RETENTION_RULE_SAVED = "privacy.retention_rule_saved", _("Bewaartermijn vastgelegd")
    RETENTION_APPLIED = "privacy.retention_applied", _("Bewaartermijn toegepast: gegevens verwijderd")
    RETENTION_RUN = "privacy.retention_run", _("Bewaartermijnen doorgelopen")
    SUBJECT_ACCESS_EXPORTED = "privacy.subject_access_exported", _("Inzage-export gemaakt (AVG art. 15)")
    SUBJECT_REQUEST_RECORDED = "privacy.subject_request_recorded", _("Verzoek van betrokkene vastgelegd")
    SUBJECT_REQUEST_DECIDED = "privacy.subject_request_decided", _("Verzoek van betrokkene behandeld")
    # the second factor of logging in (django-otp)
    MFA_ENROLLED = "account.mfa_enrolled", _("Tweede factor ingesteld (authenticator-app)")
    MFA_VERIFICATION_FAILED = "account.mfa_verification_failed", _("Onjuiste code voor de tweede factor")
    MFA_RECOVERY_CODE_USED = "account.mfa_recovery_code_used", _("Ingelogd met een herstelcode")
    MFA_RECOVERY_CODES_GENERATED = "account.mfa_recovery_codes_generated", _("Nieuwe herstelcodes gemaakt")
    MFA_DEVICE_REMOVED = "account.mfa_device_removed", _("Tweede factor verwijderd")
    MFA_RESET = "account.mfa_reset", _("Tweede factor hersteld door een beheerder")


class AccessPurpose(models.TextChoices):
    DOSSIER_VIEW = "dossier_view", _("Dossier bekeken")
    API_READ = "api_read", _("Gelezen via API")
    EXPORT = "export", _("Export")
    DUPLICATE_REVIEW = "duplicate_review", _("Beoordeling mogelijke dubbele persoon")
    PRIVACY_REVIEW = "privacy_review", _("Privacycontrole door de FG")
    CASELOAD = "caseload", _("In de caseload getoond")
    SEARCH = "search", _("In zoekresultaten getoond")
    WORKLIST = "worklist", _("In de werkvoorraad getoond")
    PARTNER_LIST = "partner_list", _("In de lijst van de partnerorganisatie getoond")


# Events whose mere existence tells something of special-category data: shown in a timeline only to
# who may see that data (the assigned case manager and the team lead).
SPECIAL_CATEGORY_EVENTS = frozenset(
    {
        EventType.SPECIAL_CIRCUMSTANCE_RECORDED.value,
        EventType.MEDICAL_BACKGROUND_UPDATED.value,
        EventType.SPECIAL_CIRCUMSTANCE_REMOVED.value,
        EventType.POSTPONEMENT_RECORDED.value,
        EventType.POSTPONEMENT_ENDED_EARLY.value,
        EventType.MEDICAL_DOCUMENT_UPLOADED.value,
        EventType.MEDICAL_DOCUMENT_WITHDRAWN.value,
    }
)

# Records that may vouch for earlier records whose values were redacted (see audit.services.audit_redact).
SEALING_EVENTS = frozenset({EventType.RETENTION_APPLIED.value})

# Values of these fields never enter the audit trail: only the fact that they changed.
RESTRICTED_FIELDS = frozenset({"medical_background", "note_restricted", "handover_medical"})
REDACTED = "[gewijzigd, inhoud beschermd]"
ANONYMISED = "[geanonimiseerd]"
