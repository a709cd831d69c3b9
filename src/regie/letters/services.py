"""Composing and issuing letters. Issuing is the one write: a transaction, the PDF stored with its SHA-256,
an audit record (which is the timeline's entry). A letter is never changed after it was issued; issuing
the same kind again makes a new version.

Composing reads the dossier's facts through `letters.selectors` (the process apps' selectors) and fills the
template in force on the letter's date. A placeholder the dossier cannot fill refuses the letter with the
placeholder named: nothing is sent with a gap.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext_noop

from regie.audit.choices import EventType
from regie.cases.models import Case
from regie.cases.work import lock_open_case, may_work, record_change
from regie.core import clock
from regie.core.context import Actor
from regie.core.domain import choose_one, message_template
from regie.core.errors import ValidationFailed
from regie.core.services import clean, refuse
from regie.core.transactions import atomic

from . import domain, selectors
from .choices import LetterKind, LetterLanguage
from .models import Letter, LetterTemplate
from .pdf import Page, letter_pdf, paragraphs

NOT_ALLOWED = gettext_noop("U mag in dit dossier geen brieven versturen.")
NO_TEMPLATE = message_template(gettext_noop("Er is op %(date)s geen sjabloon van deze brief in deze taal."))
LANGUAGE_CHOICES = (*LetterLanguage.values, "nl,en")


@dataclass(frozen=True)
class ComposedPart:
    """The letter in one language, filled in."""

    language: str
    direction: str
    template: LetterTemplate
    subject: str
    body: str


@dataclass(frozen=True)
class Composition:
    """A letter as it would be issued now: its parts per language, reference, version and date."""

    case: Case
    kind: str
    parts: tuple[ComposedPart, ...]
    reference: str
    version: int
    letter_date: dt.date

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(part.language for part in self.parts)

    @property
    def text(self) -> str:
        """The letter's text as sent: per language, the subject and the body."""
        return "\n\n----\n\n".join(f"{part.subject}\n\n{part.body}" for part in self.parts)


def _languages(case: Case, kind: str, language: str | None, on: dt.date) -> tuple[str, ...]:
    if not language:
        return domain.default_languages(selectors.person_languages(case), selectors.languages_in_force(kind, on))
    if language not in LANGUAGE_CHOICES:
        raise ValidationFailed({"language": [choose_one(LANGUAGE_CHOICES)]})
    return tuple(language.split(","))


def letter_compose(*, actor: Actor, case: Case, kind: str, language: str | None = None) -> Composition:
    """The letter of `kind` for `case` in `language` (a template language, "nl,en", or None: the person's
    first language that has a template, else Dutch with English), dated today, from the template version
    in force today and the dossier's facts in words.

    Refused (403) unless the actor may work on the case; refused (400) naming `kind` or `language` when
    they are not on the lists or no template is in force, and naming each placeholder the dossier cannot
    fill (`interview.date`, ...). Writes nothing.
    """
    user = may_work(actor, case, NOT_ALLOWED)
    if kind not in LetterKind.values:
        raise ValidationFailed({"kind": [choose_one(LetterKind.values)]})
    on = clock.today()
    languages = _languages(case, kind, language, on)
    version = selectors.next_version(case, kind)
    reference = domain.reference(case.number, kind, version)
    facts = selectors.dossier_facts(user=user, case=case, on=on)
    parts, missing = [], []
    for code in languages:
        template = selectors.template_in_force(kind, code, on)
        if template is None:
            raise ValidationFailed({"language": [NO_TEMPLATE % {"date": on.strftime("%d-%m-%Y")}]})
        # A template saved before the rules (or edited in the database) is checked again here.
        refuse(domain.template_refusals(subject=template.subject, body=template.body))
        names = domain.placeholders_in(template.subject) + domain.placeholders_in(template.body)
        values = facts.values(names, code, kind=kind, reference=reference)
        subject, gaps_subject = domain.fill(template.subject, values)
        body, gaps_body = domain.fill(template.body, values)
        missing += [name for name in gaps_subject + gaps_body if name not in missing]
        parts.append(ComposedPart(code, domain.direction(code), template, subject, body))
    refuse(domain.unfilled_refusals(missing))
    return Composition(case, kind, tuple(parts), reference, version, on)


def _pages(composition: Composition) -> list[Page]:
    return [
        Page(
            language=part.language,
            direction=part.direction,
            service=domain.SERVICE_NAME[part.language],
            labels=domain.LABELS[part.language],
            basis=domain.legal_basis(domain.KIND_BASIS[composition.kind], part.language),
            date=domain.date_in_words(composition.letter_date, part.language),
            subject=part.subject,
            paragraphs=paragraphs(part.body),
        )
        for part in composition.parts
    ]


def letter_issue(*, actor: Actor, case: Case, kind: str, language: str | None = None) -> Letter:
    """Compose the letter (`letter_compose`, with its refusals), render it to PDF, store the PDF through
    the default storage under a path without personal data, and record the letter with the text as sent,
    the template versions used, its version and reference and the PDF's SHA-256.

    Guarantees: the case is open and locked while the version is chosen (two issues of one kind get
    versions 1 and 2); the audit record (the timeline's entry) carries the kind, languages, version,
    reference and SHA-256, never the text or a name. The PDF is removed again when the transaction fails.
    """
    may_work(actor, case, NOT_ALLOWED)
    with atomic():
        case = lock_open_case(case)
        composition = letter_compose(actor=actor, case=case, kind=kind, language=language)
        person = case.person
        content = letter_pdf(
            pages=_pages(composition),
            reference=composition.reference,
            case_number=case.number,
            v_number=person.v_number or "–",
            addressee=f"{person.given_names} {person.family_name}".strip(),
        )
        letter_id = uuid.uuid4()
        path = default_storage.save(f"letters/{case.pk}/{letter_id}.pdf", ContentFile(content))
        try:
            parts = composition.parts
            letter = Letter(
                id=letter_id,
                case=case,
                kind=kind,
                languages=",".join(composition.languages),
                template=parts[0].template,
                second_template=parts[1].template if len(parts) > 1 else None,
                version=composition.version,
                reference=composition.reference,
                letter_date=composition.letter_date,
                subject=parts[0].subject,
                text=composition.text,
                file=path,
                sha256=hashlib.sha256(content).hexdigest(),
                issued_by=actor.user,
                issued_at=clock.now(),
            )
            clean(letter)
            letter.save(force_insert=True)
            record_change(
                actor=actor,
                event_type=EventType.LETTER_ISSUED,
                case=case,
                subject=letter,
                new={
                    "kind": letter.kind,
                    "languages": letter.languages,
                    "version": letter.version,
                    "reference": letter.reference,
                    "template": str(letter.template_id),
                    "sha256": letter.sha256,
                },
                refresh_deadlines=False,  # a letter is no fact the deadlines depend on
            )
        except BaseException:
            default_storage.delete(path)
            raise
    return letter
