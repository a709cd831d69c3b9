"""Forms of the case pages. They convert types; the rules live in services and intake validation."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any, cast

from django import forms
from django.forms import BaseForm, formset_factory
from django.forms.utils import ErrorDict
from django.utils.choices import BaseChoiceIterator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from regie.accounts.choices import Role
from regie.accounts.models import Team, User
from regie.people.choices import FamilyRelation, NameKind, NationalityStatus, Sex
from regie.web.fields import CHOOSE, Form, LongSelect, VersionedForm, blank, date_field, moment_field

from .choices import AppointmentKind, HoldReason, Phase, Source, SpecialCircumstanceKind, TargetGroup
from .domain import ALLOWED
from .intake import CircumstanceIn, IntakeData, LanguageIn, NameIn, NationalityIn
from .models import Case
from .registry import case_filters
from .selectors import ORDERS, CaseFilters

ASSIGNMENT_MINE, ASSIGNMENT_UNASSIGNED, ASSIGNMENT_ALL = "mijn", "niet-toegewezen", "alle"


def _set_choices(field: forms.Field, choices: Any) -> None:
    cast(forms.ChoiceField, field).choices = choices


class CaseloadFilterForm(Form):
    """Filters and sort order of the caseload: GET parameters that hold codes only, never personal data.
    Applied on an explicit submit (never on each change of a select: WCAG 3.2.2)."""

    # The caseload shows these selects on every request (and ~250 countries): `LongSelect` renders each
    # combination of choices and value once.
    fase = forms.ChoiceField(label=_("Fase"), required=False, widget=LongSelect)
    toewijzing = forms.ChoiceField(label=_("Toegewezen aan"), required=False, widget=LongSelect)
    regievoerder = forms.ChoiceField(label=_("Regievoerder"), required=False, widget=LongSelect)
    team = forms.ChoiceField(label=_("Team"), required=False, widget=LongSelect)
    bron = forms.ChoiceField(
        label=_("Instroom"), required=False, choices=blank(Source.choices, _("Alle")), widget=LongSelect
    )
    doelgroep = forms.ChoiceField(
        label=_("Doelgroep"), required=False, choices=blank(TargetGroup.choices, _("Alle")), widget=LongSelect
    )
    nationaliteit = forms.ChoiceField(label=_("Nationaliteit"), required=False, widget=LongSelect)
    sortering = forms.ChoiceField(required=False, widget=forms.HiddenInput)

    def __init__(self, data: Any = None, *, user: User) -> None:
        self.user = user
        default_assignment = ASSIGNMENT_MINE if user.role == Role.CASE_MANAGER else ASSIGNMENT_ALL
        registered = case_filters()
        names = {*self.base_fields, *(cf.key for cf in registered)}
        if data is not None and not any(k in data for k in names):
            data = None
        super().__init__(data, initial={"toewijzing": default_assignment})
        _set_choices(self.fields["fase"], blank(Phase.choices, _("Alle open dossiers")))
        _set_choices(
            self.fields["toewijzing"],
            [
                (ASSIGNMENT_MINE, _("Mij")),
                (ASSIGNMENT_UNASSIGNED, _("Nog niemand")),
                (ASSIGNMENT_ALL, _("Iedereen")),
            ],
        )
        teams = list(user.teams.all())
        if len(teams) > 1:
            _set_choices(self.fields["team"], blank([(str(t.pk), t.name) for t in teams], _("Alle teams")))
        else:
            del self.fields["team"]
        if user.role == Role.TEAM_LEAD:
            managers = User.objects.filter(role=Role.CASE_MANAGER, is_active=True, teams__in=teams).distinct()
            choices = [(str(u.pk), u.display_name) for u in managers.order_by("last_name", "first_name", "username")]
            _set_choices(self.fields["regievoerder"], blank(choices, _("Alle")))
        else:
            del self.fields["regievoerder"]  # a case manager chooses between their own and the team's
        _set_choices(self.fields["nationaliteit"], _every(_country_choices_in, _("Alle")))
        _set_choices(self.fields["sortering"], [(o, o) for name in ORDERS for o in (name, f"-{name}")])
        for cf in registered:
            self.fields[cf.key] = forms.ChoiceField(
                label=cf.label, required=False, choices=blank(cf.choices, _("Alle")), widget=LongSelect
            )

    def registered_fields(self) -> list[forms.BoundField]:
        return [self[cf.key] for cf in case_filters() if cf.key in self.fields]

    def filters(self) -> CaseFilters:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        assignment = data.get("toewijzing") or self.initial["toewijzing"]
        manager = data.get("regievoerder")
        return CaseFilters(
            phase=data.get("fase") or None,
            assigned_to_me=assignment == ASSIGNMENT_MINE and not manager,
            unassigned=assignment == ASSIGNMENT_UNASSIGNED and not manager,
            assigned_to_id=int(manager) if manager else None,
            team_id=data.get("team") or None,
            source=data.get("bron") or None,
            target_group=data.get("doelgroep") or None,
            nationality=data.get("nationaliteit") or None,
            registered=tuple((cf.key, data.get(cf.key) or "") for cf in case_filters()),
            order=data.get("sortering") or "actie",
        )


def workload_label(user: User, open_cases: dict[Any, int]) -> str:
    """A case manager as an assignee: the name and how many open cases they hold (the workload)."""
    return f"{user.display_name} ({open_cases.get(user.pk, 0)} {_('open')})"


def open_cases_per_user(users: Any) -> dict[Any, int]:
    from django.db.models import Count

    rows = (
        Case.objects.filter(assigned_to__in=users)
        .exclude(phase=Phase.CLOSED)
        .values("assigned_to")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["assigned_to"]: row["n"] for row in rows}


class BulkAssignForm(Form):
    """Reassign the selected cases of the caseload to one case manager of the lead's teams."""

    dossiers = forms.MultipleChoiceField(label=_("Dossiers"), widget=forms.MultipleHiddenInput)
    assigned_to = forms.ModelChoiceField(label=_("Toewijzen aan"), queryset=User.objects.none(), empty_label=CHOOSE)

    def __init__(self, data: Any = None, *, user: User) -> None:
        super().__init__(data, prefix="bulk")
        assignees = (
            User.objects.filter(
                is_active=True, role__in=[Role.CASE_MANAGER, Role.TEAM_LEAD], teams__in=user.teams.values("pk")
            )
            .distinct()
            .order_by("last_name", "first_name", "username")
        )
        field = self.fields["assigned_to"]
        field.queryset = assignees  # type: ignore[attr-defined]
        counts = open_cases_per_user(assignees)
        field.label_from_instance = lambda u: workload_label(u, counts)  # type: ignore[attr-defined]
        if data is not None:
            _set_choices(self.fields["dossiers"], [(v, v) for v in data.getlist("bulk-dossiers")])


class SavedFilterForm(Form):
    name = forms.CharField(label=_("Naam van het filter"), max_length=60)
    query = forms.CharField(widget=forms.HiddenInput, required=False, max_length=1000)


class SearchForm(Form):
    q = forms.CharField(
        label=_("Naam, alias, V-nummer of dossiernummer"),
        help_text=_(
            "Schrijfwijzen mogen verschillen: Mohammed vindt ook Muhamad. Een deel van een V-nummer (minstens "
            "4 cijfers) vindt alle V-nummers waarin het voorkomt; een dossiernummer mag ook in de oude vorm."
        ),
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "spellcheck": "false"}),
    )
    include_closed = forms.BooleanField(label=_("Ook afgesloten dossiers"), required=False)


class TransitionForm(VersionedForm):
    phase = forms.ChoiceField(label=_("Nieuwe fase"))
    hold_reason = forms.ChoiceField(
        label=_("Reden aanhouden"),
        required=False,
        choices=blank(HoldReason.choices, "—"),
        help_text=_("Alleen bij aanhouden."),
    )
    hold_note = forms.CharField(label=_("Toelichting aanhouden"), required=False, max_length=300)

    confirm = forms.BooleanField(
        label=_("Ja, ik wijzig de fase van dit dossier"),
        required=True,
        error_messages={"required": _("Bevestig dat u de fase wilt wijzigen.")},
    )

    def __init__(self, data: Any = None, *, case: Case) -> None:
        super().__init__(data, initial={"version": case.version}, prefix="fase")
        targets = ALLOWED.get(case.phase, frozenset())
        if case.phase == Phase.ON_HOLD and case.phase_before_hold:
            targets = frozenset({case.phase_before_hold})
        # Closing is done where its outcome's conditions are checked: the departure page. Nothing is
        # preselected: the user chooses the phase, and confirms it.
        choices = [(p.value, p.label) for p in Phase if p.value in targets - {Phase.CLOSED}]
        _set_choices(self.fields["phase"], blank(choices))


class AssignForm(VersionedForm):
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), empty_label=None)
    assigned_to = forms.ModelChoiceField(
        label=_("Regievoerder"), queryset=User.objects.none(), required=False, empty_label=_("Nog niemand")
    )

    def __init__(self, data: Any = None, *, user: User, case: Case) -> None:
        teams = Team.objects.filter(pk__in=user.teams.values("pk"))
        default_team = case.team if case.team_id else teams.first()
        super().__init__(
            data,
            initial={"version": case.version, "team": default_team, "assigned_to": case.assigned_to},
            prefix="toewijzen",
        )
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        assignees = (
            User.objects.filter(
                is_active=True, role__in=[Role.CASE_MANAGER, Role.TEAM_LEAD], teams__in=teams.values("pk")
            )
            .distinct()
            .order_by("last_name", "first_name", "username")
        )
        field = self.fields["assigned_to"]
        field.queryset = assignees  # type: ignore[attr-defined]
        # The workload of each, so the lead assigns with it in view.
        counts = open_cases_per_user(assignees)
        field.label_from_instance = lambda u: workload_label(u, counts)  # type: ignore[attr-defined]


class AppointmentForm(Form):
    kind = forms.ChoiceField(label=_("Soort afspraak"), choices=blank(AppointmentKind.choices))
    at = moment_field(_("Op"))
    place = forms.CharField(label=_("Plaats"), max_length=200, required=False)
    note = forms.CharField(label=_("Toelichting"), max_length=500, required=False)

    def __init__(self, data: Any = None) -> None:
        super().__init__(data, prefix="afspraak")


class NoteForm(Form):
    text = forms.CharField(label=_("Notitie"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)

    def __init__(self, data: Any = None) -> None:
        super().__init__(data, prefix="notitie")


class PersonCorrectionForm(VersionedForm):
    """Who the person is, corrected after intake; prefilled with what the dossier says now."""

    given_names = forms.CharField(label=_("Voornamen"), required=False, max_length=200)
    family_name = forms.CharField(label=_("Achternaam"), max_length=200)
    birth_year = forms.IntegerField(label=_("Geboortejaar"), required=False)
    birth_month = forms.IntegerField(label=_("Geboortemaand"), required=False, help_text=_("Leeg als onbekend."))
    birth_day = forms.IntegerField(label=_("Geboortedag"), required=False, help_text=_("Leeg als onbekend."))
    place_of_birth = forms.CharField(label=_("Geboorteplaats"), required=False, max_length=200)
    sex = forms.ChoiceField(label=_("Geslacht"), choices=Sex.choices)

    def __init__(self, data: Any = None, *, person: Any) -> None:
        initial = {name: getattr(person, name) for name in self.base_fields if name != "version"}
        super().__init__(data, initial={**initial, "version": person.version}, prefix="persoon")


class NationalityEstablishForm(Form):
    """A claimed nationality becomes established: what established it, and when."""

    source = forms.CharField(
        label=_("Vastgesteld op grond van"), max_length=200, help_text=_("Bijvoorbeeld: paspoort, antwoord ambassade.")
    )
    established_on = date_field(_("Vastgesteld op"))

    def __init__(self, data: Any = None, *, nationality: Any) -> None:
        super().__init__(data, prefix=f"nationaliteit-{nationality.pk}")
        self.nationality = nationality


class LanguageSetForm(Form):
    # ~200 languages: on every dossier page of a case one may work on (`LongSelect` renders them once).
    code = forms.ChoiceField(label=_("Taal"), widget=LongSelect)
    interpreter_needed = forms.BooleanField(label=_("Tolk nodig"), required=False)

    def __init__(self, data: Any = None) -> None:
        super().__init__(data, prefix="taal")
        _set_choices(self.fields["code"], _every(_language_choices, CHOOSE))


class FamilyLinkForm(Form):
    relative_v_number = forms.CharField(
        label=_("V-nummer van het familielid"),
        max_length=10,
        help_text=_("Van een persoon in een dossier dat u mag zien."),
    )
    relation = forms.ChoiceField(label=_("Het familielid is"), choices=FamilyRelation.choices)

    def __init__(self, data: Any = None) -> None:
        super().__init__(data, prefix="familie")


class CircumstanceForm(Form):
    kind = forms.ChoiceField(label=_("Soort"), choices=SpecialCircumstanceKind.choices)
    description = forms.CharField(
        label=_("Toelichting"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, data: Any = None) -> None:
        super().__init__(data, prefix="omstandigheid")


class MedicalBackgroundForm(VersionedForm):
    text = forms.CharField(
        label=_("Medische achtergrond"), required=False, max_length=20_000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, data: Any = None, *, case: Case) -> None:
        super().__init__(data, initial={"text": case.medical_background, "version": case.version}, prefix="medisch")


class DuplicateDecisionForm(Form):
    status = forms.ChoiceField(
        label=_("Beslissing"),
        choices=[("same", _("Zelfde persoon")), ("different", _("Verschillende personen"))],
        widget=forms.RadioSelect,
    )

    def __init__(self, data: Any = None, *, candidate: Any) -> None:
        super().__init__(data, prefix=f"dubbel-{candidate.pk}")
        self.candidate = candidate


# The intake: one page with the person, the case and repeating rows.


class IntakeForm(Form):
    v_number = forms.CharField(
        label=_("V-nummer"),
        help_text=_("Het vreemdelingennummer: 10 cijfers."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "class": "regie-input--s"}),
    )
    family_name = forms.CharField(label=_("Achternaam"), widget=forms.TextInput(attrs={"autocomplete": "off"}))
    given_names = forms.CharField(
        label=_("Voornamen"), required=False, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    birth_day = forms.IntegerField(
        label=_("Dag"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "regie-input--xs"}),
    )
    birth_month = forms.IntegerField(
        label=_("Maand"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "regie-input--xs"}),
    )
    birth_year = forms.IntegerField(
        label=_("Jaar"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "regie-input--s"}),
    )
    place_of_birth = forms.CharField(label=_("Geboorteplaats"), required=False)
    sex = forms.ChoiceField(label=_("Geslacht"), choices=Sex.choices, initial=Sex.UNKNOWN)
    source = forms.ChoiceField(label=_("Aangeleverd door"), choices=blank(Source.choices))
    source_reference = forms.CharField(
        label=_("Kenmerk aanleverende dienst"), help_text=_("Het eigen kenmerk van de bron, bijv. het IND-kenmerk.")
    )
    target_group = forms.ChoiceField(label=_("Doelgroep"), choices=blank(TargetGroup.choices))
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    assignment = forms.ChoiceField(
        label=_("Na het aanmaken"),
        choices=[("mij", _("Ik neem het dossier zelf")), ("wachtrij", _("In de wachtrij van het team"))],
        widget=forms.RadioSelect,
    )
    return_decision_reference = forms.CharField(label=_("Kenmerk terugkeerbesluit"), required=False)
    return_decision_date = forms.DateField(
        label=_("Datum terugkeerbesluit"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    return_decision_authority = forms.CharField(label=_("Besluit genomen door"), required=False)
    departure_term_days = forms.IntegerField(
        label=_("Vertrektermijn (dagen)"),
        initial=28,
        help_text=_("Standaard 28 dagen (art. 62 Vw); korter alleen met een reden."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "regie-input--xs"}),
    )
    departure_term_reason = forms.CharField(label=_("Reden verkorte vertrektermijn"), required=False)
    current_location = forms.CharField(label=_("Huidige verblijfplaats"), required=False)
    medical_background = forms.CharField(
        label=_("Medische achtergrond"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijzonder persoonsgegeven: alleen zichtbaar voor de toegewezen regievoerder en teamleider."),
    )
    note = forms.CharField(label=_("Notitie"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, data: Any = None, *, user: User) -> None:
        super().__init__(data)
        teams = Team.objects.filter(pk__in=user.teams.values("pk"))
        if teams.count() > 1:
            self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        else:
            del self.fields["team"]


class NameRowForm(Form):
    family_name = forms.CharField(label=_("Achternaam"), required=False)
    given_names = forms.CharField(label=_("Voornamen"), required=False)
    kind = forms.ChoiceField(
        label=_("Soort"),
        choices=[(NameKind.ALIAS.value, NameKind.ALIAS.label), (NameKind.VARIANT.value, NameKind.VARIANT.label)],
        initial=NameKind.ALIAS,
    )


class _NormalChoices(BaseChoiceIterator):
    """Choices already in Django's normal form (code and text pairs): Django takes them as they are, where
    it would otherwise normalise a list of ~250 countries twice (the field and its widget) on each form."""

    def __init__(self, choices: Any) -> None:
        self.choices = tuple(choices)

    def __iter__(self) -> Any:
        return iter(self.choices)


def _every(choices_in: Callable[[str], tuple[tuple[str, str], ...]], first: Any) -> _NormalChoices:
    """`first`, then every choice `choices_in` gives in the interface language (`_country_choices_in`,
    `_language_choices`): built once per list, language and first choice."""
    from django.utils.translation import get_language

    return _every_in(choices_in, get_language() or "nl", first)


@lru_cache(maxsize=32)
def _every_in(choices_in: Callable[[str], tuple[tuple[str, str], ...]], language: str, first: Any) -> _NormalChoices:
    return _NormalChoices(blank(choices_in(language), first))


@lru_cache(maxsize=8)
def _country_choices_in(language: str) -> tuple[tuple[str, str], ...]:
    import pycountry

    from regie.web.templatetags.regie_web import country_name

    codes = [c.alpha_2 for c in pycountry.countries]
    return tuple(sorted(((c, country_name(c)) for c in [*codes, "XX"]), key=lambda item: item[1].casefold()))


# Languages met in return work that have no two-letter code (ISO 639-3), besides every ISO 639-1 language.
_MORE_LANGUAGES = (
    "prs",
    "ckb",
    "kmr",
    "tzm",
    "kab",
    "mnk",
    "tig",
    "bcc",
    "hnd",
    "pnb",
    "skr",
    "aeb",
    "ary",
    "arz",
    "apc",
)


def language_choices() -> list[tuple[str, str]]:
    """Languages by name in the interface language (pycountry's ISO 639 translations), code as value."""
    from django.utils.translation import get_language

    return list(_language_choices(get_language() or "nl"))


@functools.lru_cache(maxsize=8)
def _language_choices(language: str) -> tuple[tuple[str, str], ...]:
    import pycountry

    from regie.web.templatetags.regie_web import language_name

    codes = [lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2")]
    codes += [c for c in _MORE_LANGUAGES if pycountry.languages.get(alpha_3=c) is not None]
    return tuple(sorted(((c, language_name(c)) for c in codes), key=lambda item: item[1].casefold()))


class NationalityRowForm(Form):
    country = forms.ChoiceField(label=_("Land"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=NationalityStatus.choices, initial=NationalityStatus.CLAIMED)
    source = forms.CharField(label=_("Bron van de vaststelling"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self.fields["country"], _every(_country_choices_in, "—"))


class LanguageRowForm(Form):
    code = forms.ChoiceField(label=_("Taal"), required=False)
    interpreter_needed = forms.BooleanField(label=_("Tolk nodig"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self.fields["code"], _every(_language_choices, "—"))


class CircumstancesForm(Form):
    """One checkbox and description per kind of special circumstance."""

    def __init__(self, data: Any = None) -> None:
        super().__init__(data, prefix="omstandigheid")
        for kind in SpecialCircumstanceKind:
            self.fields[kind.value] = forms.BooleanField(label=kind.label, required=False)
            self.fields[f"{kind.value}_description"] = forms.CharField(
                label=format_lazy("{} ({})", _("Toelichting"), kind.label),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[k.value], self[f"{k.value}_description"]) for k in SpecialCircumstanceKind]


# Rows are added with "Nog een rij" (`IntakeForms.with_row`): no fixed count, a generous ceiling.
ROWS_MAX = 30
NameFormSet = formset_factory(NameRowForm, extra=1, max_num=ROWS_MAX, validate_max=True)
NationalityFormSet = formset_factory(NationalityRowForm, extra=1, max_num=ROWS_MAX, validate_max=True)
LanguageFormSet = formset_factory(LanguageRowForm, extra=1, max_num=ROWS_MAX, validate_max=True)


class IntakeForms:
    """The intake page's forms together: build an `IntakeData` and put errors back on the right field."""

    def __init__(self, data: Any = None, *, user: User) -> None:
        self.main = IntakeForm(data, user=user)
        self.names = NameFormSet(data, prefix="naam")
        self.nationalities = NationalityFormSet(data, prefix="nationaliteit")
        self.languages = LanguageFormSet(data, prefix="taal")
        self.circumstances = CircumstancesForm(data)
        # Which form row each built list item came from: errors come back by list index.
        self._rows: dict[str, list[BaseForm]] = {}

    ROW_PREFIXES = {"naam": "names", "nationaliteit": "nationalities", "taal": "languages"}

    @classmethod
    def with_row(cls, data: Any, *, user: User, kind: str) -> IntakeForms:
        """The forms as the user filled them, with one more empty row of `kind` (naam, nationaliteit, taal)
        and no errors shown: adding a row is not a submit."""
        data = data.copy()
        if kind in cls.ROW_PREFIXES:
            total = f"{kind}-TOTAL_FORMS"
            data[total] = str(min(int(data.get(total) or 0) + 1, ROWS_MAX))
        forms = cls(data, user=user)
        for form in forms.all_forms():
            form._errors = ErrorDict()  # type: ignore[attr-defined]  # shown as filled in, not judged yet
            form.cleaned_data = {}
        formsets: list[Any] = [forms.names, forms.nationalities, forms.languages]
        for formset in formsets:
            formset._errors = []
            formset._non_form_errors = formset.error_class()
        if kind in cls.ROW_PREFIXES:
            # The keyboard goes on in the row just added.
            row = getattr(forms, cls.ROW_PREFIXES[kind]).forms[-1]
            next(iter(row.fields.values())).widget.attrs["autofocus"] = True
        return forms

    def all_forms(self) -> list[BaseForm]:
        return [
            self.main,
            *self.names.forms,
            *self.nationalities.forms,
            *self.languages.forms,
            self.circumstances,
        ]

    def is_valid(self) -> bool:
        results = [
            self.main.is_valid(),
            self.names.is_valid(),
            self.nationalities.is_valid(),
            self.languages.is_valid(),
            self.circumstances.is_valid(),
        ]
        return all(results)

    def build(self) -> IntakeData:
        """The intake as far as it could be read; fields with a form error take their default."""
        m = self.main.cleaned_data if hasattr(self.main, "cleaned_data") else {}

        def filled(formset: Any) -> list[tuple[BaseForm, dict[str, Any]]]:
            return [(f, getattr(f, "cleaned_data", {})) for f in formset.forms if f.has_changed()]

        names = filled(self.names)
        nats = filled(self.nationalities)
        langs = filled(self.languages)
        circ = getattr(self.circumstances, "cleaned_data", {})
        kinds = [k for k in SpecialCircumstanceKind if circ.get(k.value)]
        self._rows = {
            "other_names": [f for f, _ in names],
            "nationalities": [f for f, _ in nats],
            "languages": [f for f, _ in langs],
            "special_circumstances": [self.circumstances] * len(kinds),
        }
        self._kinds = [k.value for k in kinds]
        team = m.get("team")
        term = m.get("departure_term_days")
        return IntakeData(
            v_number=m.get("v_number", ""),
            family_name=m.get("family_name", ""),
            given_names=m.get("given_names", ""),
            birth_year=m.get("birth_year"),
            birth_month=m.get("birth_month"),
            birth_day=m.get("birth_day"),
            place_of_birth=m.get("place_of_birth", ""),
            sex=m.get("sex") or Sex.UNKNOWN,
            source=m.get("source", ""),
            source_reference=m.get("source_reference", ""),
            target_group=m.get("target_group", ""),
            return_decision_reference=m.get("return_decision_reference", ""),
            return_decision_date=m.get("return_decision_date"),
            return_decision_authority=m.get("return_decision_authority", ""),
            departure_term_days=28 if term is None else term,
            departure_term_reason=m.get("departure_term_reason", ""),
            current_location=m.get("current_location", ""),
            medical_background=m.get("medical_background", ""),
            note=m.get("note", ""),
            team_id=str(team.pk) if team else None,
            assign_to_author=m.get("assignment") == "mij",
            other_names=tuple(
                NameIn(
                    family_name=d.get("family_name", ""),
                    given_names=d.get("given_names", ""),
                    kind=d.get("kind") or NameKind.ALIAS,
                )
                for _, d in names
            ),
            nationalities=tuple(
                NationalityIn(
                    country=d.get("country", ""),
                    status=d.get("status") or NationalityStatus.CLAIMED,
                    source=d.get("source", ""),
                )
                for _, d in nats
            ),
            languages=tuple(
                LanguageIn(
                    code=(d.get("code") or "").strip().lower(), interpreter_needed=d.get("interpreter_needed", False)
                )
                for _, d in langs
            ),
            special_circumstances=tuple(
                CircumstanceIn(kind=k.value, description=circ.get(f"{k.value}_description", "").strip()) for k in kinds
            ),
        )

    _NESTED = re.compile(r"^(?P<list>\w+)\[(?P<index>\d+)\]\.(?P<field>\w+)$")
    _MAIN_ALIASES = {"team_id": "team", "assign_to_author": "assignment"}

    def apply_errors(self, errors: dict[str, list[str]], *, skip_fields_with_errors: bool = False) -> None:
        """Put the service's errors on the fields they name (`nationalities[0].country` included)."""
        for key, messages in errors.items():
            form, field = self._target(key)
            if field is not None and skip_fields_with_errors and form.has_error(field):
                continue
            for message in messages:
                form.add_error(field, message)

    def _target(self, key: str) -> tuple[BaseForm, str | None]:
        nested = self._NESTED.match(key)
        if nested:
            rows = self._rows.get(nested["list"], [])
            index = int(nested["index"])
            if index < len(rows):
                form = rows[index]
                field = nested["field"]
                if nested["list"] == "special_circumstances":
                    field = self._kinds[index]
                if field in form.fields:
                    return form, field
            return self.main, None
        name = self._MAIN_ALIASES.get(key, key)
        if name in self.main.fields:
            return self.main, name
        return self.main, None
