"""Every write about a person. Each runs in one transaction and writes its audit record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_noop

from regie.accounts.choices import Role
from regie.audit.choices import EventType
from regie.audit.services import audit_record
from regie.core import clock, validation
from regie.core.context import Actor
from regie.core.domain import choose_one
from regie.core.errors import IllegalTransition, NotFound, ValidationFailed
from regie.core.services import require
from regie.core.transactions import atomic

from .choices import DuplicateStatus, NameKind, NationalityStatus
from .domain import name_fold, name_keys
from .models import DuplicateCandidate, FamilyLink, Household, Language, NameKey, Nationality, Person, PersonName

PERSON_FIELDS = (
    "v_number",
    "given_names",
    "family_name",
    "birth_year",
    "birth_month",
    "birth_day",
    "place_of_birth",
    "sex",
)


def _index_name(name: PersonName, *, new: bool = False) -> None:
    """The search keys of `name`, replacing those it had (`new`: a name just inserted has none)."""
    if not new:
        NameKey.objects.filter(name=name).delete()
    _index_new_names([name])


def _index_new_names(names: Iterable[PersonName]) -> None:
    """The search keys of names just inserted (they have none yet), with one insert."""
    NameKey.objects.bulk_create(
        NameKey(person_id=name.person_id, name=name, key=key)
        for name in names
        for key in name_keys(f"{name.given_names} {name.family_name}")
    )


def new_person(**fields: object) -> Person:
    """A person (not saved) with their searchable name fold; raises Django's ValidationError.

    Field validation here; uniqueness and check constraints are enforced by the database (and the
    V-number was looked up by the caller), which saves a query per constraint on the intake path.
    """
    person = Person(**{k: fields[k] for k in PERSON_FIELDS if k in fields})
    person.name_fold = name_fold(person.given_names, person.family_name)
    validation.clean(person)
    return person


def person_create(*, actor: Actor, **fields: object) -> Person:
    """A new person with their primary identity (searchable). The caller checks the V-number is new; a
    V-number taken after all (a concurrent intake) fails the caller's transaction (no savepoint here)."""
    with atomic(savepoint=False):
        person = new_person(**fields)
        person.save(force_insert=True)
        primary = PersonName.objects.create(
            person=person,
            kind=NameKind.PRIMARY,
            given_names=person.given_names,
            family_name=person.family_name,
        )
        _index_name(primary, new=True)
        audit_record(
            actor=actor,
            event_type=EventType.PERSON_CREATED,
            subject=person,
            person_id=person.pk,
            new={k: getattr(person, k) for k in PERSON_FIELDS},
        )
        return person


def person_name_add(
    *, actor: Actor, person: Person, family_name: str, given_names: str = "", kind: str = NameKind.ALIAS
) -> PersonName:
    """Add a spelling variant or alias; the same name twice is recorded once."""
    with atomic():
        existing = PersonName.objects.filter(person=person, family_name=family_name, given_names=given_names).first()
        if existing:
            return existing
        name = PersonName(person=person, kind=kind, family_name=family_name, given_names=given_names)
        name.full_clean()
        name.save(force_insert=True)
        _index_name(name, new=True)
        _name_added(actor, name)
        return name


def _name_added(actor: Actor, name: PersonName) -> None:
    audit_record(
        actor=actor,
        event_type=EventType.PERSON_NAME_ADDED,
        subject=name,
        person_id=name.person_id,
        new={"kind": name.kind, "given_names": name.given_names, "family_name": name.family_name},
    )


def new_person_names(*, actor: Actor, person: Person, names: Iterable[tuple[str, str, str]]) -> list[PersonName]:
    """A new person's other names (family name, given names, kind: a variant or an alias), exactly as
    `person_name_add` one after the other would record them: a name the person already has (their primary
    name, or one earlier in `names`) is recorded once. A person created in this transaction has no other
    names to look up, and a variant or an alias meets no constraint a new row could break: the names and
    their keys are written with one insert each (a variant or alias the caller has checked)."""
    known = {(person.family_name, person.given_names)}
    added: list[PersonName] = []
    for family_name, given_names, kind in names:
        if (family_name, given_names) in known:
            continue
        known.add((family_name, given_names))
        name = PersonName(person=person, kind=kind, family_name=family_name, given_names=given_names)
        validation.clean(name, exclude=("person",))
        added.append(name)
        _name_added(actor, name)
    PersonName.objects.bulk_create(added)
    _index_new_names(added)
    return added


def person_rename(*, actor: Actor, person: Person, given_names: str, family_name: str) -> None:
    """Correct the primary name (the caller has locked and checked the person): the primary name row
    follows and is indexed again; the earlier spelling stays as a variant, so a search on it still finds
    the person. The caller saves the person and audits the correction."""
    primary = PersonName.objects.filter(person=person, kind=NameKind.PRIMARY).first()
    if primary is not None and (primary.given_names, primary.family_name) != (given_names, family_name):
        earlier_given, earlier_family = primary.given_names, primary.family_name
        primary.given_names, primary.family_name = given_names, family_name
        primary.save(update_fields=["given_names", "family_name"])
        _index_name(primary)
        person_name_add(
            actor=actor, person=person, given_names=earlier_given, family_name=earlier_family, kind=NameKind.VARIANT
        )
    person.name_fold = name_fold(given_names, family_name)


def nationality_establish(
    *, actor: Actor, nationality: Nationality, source: str, established_on: dt.date
) -> Nationality:
    """A claimed nationality becomes established, with the source of the finding and its date (what the
    no-fault permit asks for). The caller checks who may; audited with the old and new values."""
    with atomic():
        locked = Nationality.objects.select_for_update().get(pk=nationality.pk)
        old = {"status": locked.status, "source": locked.source, "established_on": locked.established_on}
        locked.status, locked.source, locked.established_on = NationalityStatus.ESTABLISHED, source, established_on
        locked.full_clean(exclude=["person"])
        locked.save(update_fields=["status", "source", "established_on", "updated_at"])
        audit_record(
            actor=actor,
            event_type=EventType.NATIONALITY_ESTABLISHED,
            subject=locked,
            person_id=locked.person_id,
            old=old,
            new={"status": locked.status, "source": source, "established_on": established_on},
        )
        return locked


def _nationality_recorded(actor: Actor, nat: Nationality) -> None:
    audit_record(
        actor=actor,
        event_type=EventType.NATIONALITY_RECORDED,
        subject=nat,
        person_id=nat.person_id,
        new={"country": nat.country, "status": nat.status, "source": nat.source},
    )


def _language_recorded(actor: Actor, lang: Language, old: dict[str, Any]) -> None:
    audit_record(
        actor=actor,
        event_type=EventType.LANGUAGE_RECORDED,
        subject=lang,
        person_id=lang.person_id,
        old=old,
        new={"code": lang.code, "interpreter_needed": lang.interpreter_needed},
    )


def nationality_record(*, actor: Actor, person: Person, country: str, status: str, source: str = "") -> Nationality:
    with atomic():
        nat, created = Nationality.objects.get_or_create(
            person=person,
            country=country,
            status=status,
            defaults={"source": source, "established_on": clock.today() if status == "established" else None},
        )
        if created:
            _nationality_recorded(actor, nat)
        return nat


def new_person_details(
    *,
    actor: Actor,
    person: Person,
    nationalities: Iterable[tuple[str, str, str]],
    languages: Iterable[tuple[str, bool]],
) -> None:
    """A person's first nationalities (country, status, source) and languages (code, interpreter needed),
    exactly as `nationality_record` and `language_record` called one after the other would record them:
    the same rows and the same audit records in the same order. A person created in this transaction has
    none yet, so nothing is looked up: the rows are written with one insert each."""
    new_nationalities: dict[tuple[str, str], Nationality] = {}
    for country, status, source in nationalities:
        if (country, status) in new_nationalities:
            continue  # get_or_create: the first one stands
        established_on = clock.today() if status == "established" else None
        nat = Nationality(person=person, country=country, status=status, source=source, established_on=established_on)
        new_nationalities[(country, status)] = nat
        _nationality_recorded(actor, nat)
    new_languages: dict[str, Language] = {}
    for code, interpreter_needed in languages:
        lang = new_languages.get(code)
        if lang is not None and lang.interpreter_needed == interpreter_needed:
            continue
        old = {"interpreter_needed": None if lang is None else lang.interpreter_needed}
        if lang is None:
            lang = new_languages[code] = Language(person=person, code=code, interpreter_needed=interpreter_needed)
        lang.interpreter_needed = interpreter_needed
        _language_recorded(actor, lang, old)
    Nationality.objects.bulk_create(new_nationalities.values())
    Language.objects.bulk_create(new_languages.values())


def language_record(*, actor: Actor, person: Person, code: str, interpreter_needed: bool) -> Language:
    with atomic():
        lang, created = Language.objects.get_or_create(
            person=person, code=code, defaults={"interpreter_needed": interpreter_needed}
        )
        old = {"interpreter_needed": None if created else lang.interpreter_needed}
        if not created and lang.interpreter_needed != interpreter_needed:
            lang.interpreter_needed = interpreter_needed
            lang.save(update_fields=["interpreter_needed", "updated_at"])
        elif not created:
            return lang
        _language_recorded(actor, lang, old)
        return lang


MAX_DUPLICATES_FLAGGED = 5
DUPLICATE_REASON = "zelfde naam, geboortedatum en nationaliteit"


def duplicates_flag(*, actor: Actor, person: Person, countries: Iterable[str]) -> list[DuplicateCandidate]:
    """Flag earlier persons with the same name, date of birth and nationality. Never merges.

    At most MAX_DUPLICATES_FLAGGED (the most recent) are flagged: a common name with only a birth
    year can match hundreds of records, and a person reviewing them needs the likeliest few, not a
    list that grows with the register (nor an intake whose cost does).
    """
    countries = list(countries)
    if not countries:
        return []
    others = (
        Person.objects.filter(
            name_fold=person.name_fold,
            birth_year=person.birth_year,
            birth_month=person.birth_month,
            birth_day=person.birth_day,
            nationalities__country__in=countries,
        )
        .exclude(pk=person.pk)
        .distinct()
        .order_by("-created_at")[:MAX_DUPLICATES_FLAGGED]
    )
    flagged = []
    with atomic(savepoint=False):  # a database error fails the caller's transaction anyway
        for other in others:
            candidate, created = DuplicateCandidate.objects.get_or_create(
                person=person,
                other=other,
                defaults={"reason": DUPLICATE_REASON},
            )
            if created:
                audit_record(
                    actor=actor,
                    event_type=EventType.DUPLICATE_FLAGGED,
                    subject=candidate,
                    person_id=person.pk,
                    new={"other": other.pk, "reason": candidate.reason},
                )
                flagged.append(candidate)
    return flagged


def duplicate_resolve(*, actor: Actor, candidate: DuplicateCandidate, status: str) -> DuplicateCandidate:
    """A team lead decides whether two records are the same person. Recorded; nothing is merged here.

    Only a team lead of a team that holds a case of either person decides (four eyes on identity: the
    case manager flags, the team lead decides), once: a decided pair is not decided again.
    """
    if status not in (DuplicateStatus.SAME, DuplicateStatus.DIFFERENT):
        raise ValidationFailed({"status": [gettext_noop("Kies 'same' of 'different'.")]})
    user = actor.user
    require(
        user is not None
        and user.is_active
        and user.role == Role.TEAM_LEAD
        and Person.objects.filter(pk__in=[candidate.person_id, candidate.other_id], cases__team__members=user).exists(),
        gettext_noop("Alleen een teamleider van een team met een dossier van een van beide personen beslist hierover."),
    )
    with atomic():
        candidate = DuplicateCandidate.objects.select_for_update().get(pk=candidate.pk)
        if candidate.status != DuplicateStatus.OPEN:
            raise IllegalTransition(gettext_noop("Over deze mogelijke dubbele persoon is al beslist."), field="status")
        old = {"status": candidate.status}
        candidate.status, candidate.decided_by, candidate.decided_at = status, actor.user, clock.now()
        candidate.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
        audit_record(
            actor=actor,
            event_type=EventType.DUPLICATE_RESOLVED,
            subject=candidate,
            person_id=candidate.person_id,
            old=old,
            new={"status": status},
        )
        return candidate


INVERSE_RELATION = {"partner": "partner", "parent": "child", "child": "parent", "sibling": "sibling", "other": "other"}


def family_link_record(*, actor: Actor, person: Person, relative: Person, relation: str) -> FamilyLink:
    """Link two persons both ways (a parent link implies the child link back)."""
    from .choices import FamilyRelation

    if relation not in FamilyRelation.values:
        raise ValidationFailed({"relation": [choose_one(FamilyRelation.values)]})
    if person.pk == relative.pk:
        raise ValidationFailed({"relative": ["Een persoon kan geen familie van zichzelf zijn."]})
    with atomic():
        link, _ = FamilyLink.objects.update_or_create(person=person, relative=relative, defaults={"relation": relation})
        FamilyLink.objects.update_or_create(
            person=relative, relative=person, defaults={"relation": INVERSE_RELATION[relation]}
        )
        audit_record(
            actor=actor,
            event_type=EventType.FAMILY_LINKED,
            subject=link,
            person_id=person.pk,
            new={"relative": relative.pk, "relation": relation},
        )
        return link


def family_link_remove(*, actor: Actor, person: Person, relative_id: Any) -> None:
    """Remove a family link recorded by mistake, both ways. The caller checks who may; audited."""
    with atomic():
        link = FamilyLink.objects.filter(person=person, relative_id=relative_id).first()
        if link is None:
            raise NotFound(gettext_noop("Deze gezinsrelatie staat niet bij de persoon."))
        audit_record(
            actor=actor,
            event_type=EventType.FAMILY_UNLINKED,
            subject=link,
            person_id=person.pk,
            old={"relative": link.relative_id, "relation": link.relation},
        )
        FamilyLink.objects.filter(person=person, relative_id=relative_id).delete()
        FamilyLink.objects.filter(person_id=relative_id, relative=person).delete()


def household_set(*, actor: Actor, persons: list[Person], label: str = "") -> Household:
    """Put persons in one household: they depart together."""
    if len(persons) < 2:
        raise ValidationFailed({"persons": ["Een huishouden heeft minstens twee personen."]})
    with atomic():
        household = Household.objects.create(label=label)
        for person in persons:
            old = {"household": person.household_id}
            Person.objects.filter(pk=person.pk).update(household=household)
            person.household = household
            audit_record(
                actor=actor,
                event_type=EventType.FAMILY_HOUSEHOLD_SET,
                subject=person,
                person_id=person.pk,
                old=old,
                new={"household": household.pk},
            )
        return household
