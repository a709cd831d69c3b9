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
    NameKey.objects.bulk_create(
        NameKey(person_id=name.person_id, name=name, key=key)
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
    """A new person with their primary identity (searchable). The caller checks the V-number is new."""
    with atomic():
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
        audit_record(
            actor=actor,
            event_type=EventType.PERSON_NAME_ADDED,
            subject=name,
            person_id=person.pk,
            new={"kind": kind, "given_names": given_names, "family_name": family_name},
        )
        return name


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


def nationality_record(*, actor: Actor, person: Person, country: str, status: str, source: str = "") -> Nationality:
    with atomic():
        nat, created = Nationality.objects.get_or_create(
            person=person,
            country=country,
            status=status,
            defaults={"source": source, "established_on": clock.today() if status == "established" else None},
        )
        if created:
            audit_record(
                actor=actor,
                event_type=EventType.NATIONALITY_RECORDED,
                subject=nat,
                person_id=person.pk,
                new={"country": country, "status": status, "source": source},
            )
        return nat


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
        audit_record(
            actor=actor,
            event_type=EventType.LANGUAGE_RECORDED,
            subject=lang,
            person_id=person.pk,
            old=old,
            new={"code": code, "interpreter_needed": interpreter_needed},
        )
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
    with atomic():
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
