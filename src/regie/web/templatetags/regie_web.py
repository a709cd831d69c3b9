"""Template helpers: NL Design System form widgets, navigation by role, localised names and dates."""

from __future__ import annotations

import datetime as dt
import gettext as gettext_module
from functools import lru_cache
from typing import Any

from django import forms, template
from django.forms import BoundField
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _

from regie.accounts.choices import Role
from regie.accounts.middleware import second_factor_pending
from regie.core import clock
from regie.deadlines.domain import FACT_CODES

register = template.Library()

_WIDGET_CLASSES: list[tuple[type[forms.Widget], str]] = [
    (forms.CheckboxInput, "utrecht-checkbox utrecht-checkbox--html-input utrecht-checkbox--custom"),
    (forms.RadioSelect, "utrecht-radio-button utrecht-radio-button--html-input"),
    (forms.Select, "utrecht-select utrecht-select--html-select"),
    (forms.Textarea, "utrecht-textarea utrecht-textarea--html-textarea"),
    (forms.widgets.Input, "utrecht-textbox utrecht-textbox--html-input"),
]
_INVALID = {"checkbox": "utrecht-checkbox--invalid", "select": "utrecht-select--invalid"}


@register.simple_tag
def widget(field: BoundField) -> SafeString:
    """Render a field's input with NL Design System classes, its hint and error linked for screen readers."""
    w = field.field.widget
    base = next((cls for kind, cls in _WIDGET_CLASSES if isinstance(w, kind)), "")
    classes = [base, w.attrs.get("class", "")]
    attrs: dict[str, Any] = {}
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
        attrs["aria-invalid"] = "true"
        first = base.split(" ")[0] if base else ""
        classes.append(f"{first}--invalid" if first else "")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    attrs["class"] = " ".join(c for c in classes if c)
    return field.as_widget(attrs=attrs)


@register.simple_tag
def is_checkbox(field: BoundField) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.simple_tag(takes_context=True)
def nav_items(context: template.Context) -> list[dict[str, Any]]:
    """The main navigation for the logged-in user's role."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or (request is not None and second_factor_pending(request)):
        return []  # between the password and the second factor, no page but those of logging in
    items: list[tuple[str, str]] = []
    unread = 0
    if user.role in (Role.CASE_MANAGER, Role.TEAM_LEAD):
        from regie.deadlines.selectors import unread_notification_count

        unread = unread_notification_count(user)
        label = _("Mijn werkvoorraad") if user.role == Role.CASE_MANAGER else _("Werkvoorraad team")
        items += [
            (reverse("deadlines:worklist"), _("Werklijst")),
            (reverse("deadlines:agenda"), _("Agenda")),
            (reverse("cases:caseload"), label),
            (reverse("cases:search"), _("Zoeken")),
            (reverse("cases:intake"), _("Nieuwe intake")),
            (reverse("travel_documents:country_requirements"), _("Landeneisen")),
            (reverse("deadlines:notifications"), _("Meldingen")),
        ]
        if user.role == Role.TEAM_LEAD:
            items.insert(3, (reverse("cases:team"), _("Team")))
    if user.role == Role.PARTNER:
        items.append((reverse("support:partner_cases"), _("Doorverwezen dossiers")))
    if user.role == Role.COUNTRY_SPECIALIST:
        items.append((reverse("travel_documents:lp_overview"), _("LP-aanvragen per land")))
        items.append((reverse("travel_documents:country_requirements"), _("Landeneisen")))
    if user.role == Role.ANALYST:
        items.append((reverse("reports:dashboard"), _("Cijfers")))
    if user.role == Role.PRIVACY_OFFICER:
        items.append((reverse("web:privacy"), _("Toegangslog")))
        items.append((reverse("privacy:subject_access"), _("Inzage-export")))
        items.append((reverse("privacy:subject_requests"), _("Verzoeken betrokkenen")))
    if user.role == Role.ADMINISTRATOR:
        items.append((reverse("travel_documents:country_requirements"), _("Landeneisen")))
        items.append((reverse("admin:index"), _("Beheer")))
    path = request.path if request is not None else ""
    notifications = reverse("deadlines:notifications")
    return [
        {"url": url, "label": label, "current": path == url, "count": unread if url == notifications else 0}
        for url, label in items
    ]


@lru_cache(maxsize=8)
def _iso_translation(domain: str, language: str) -> gettext_module.NullTranslations:
    import pycountry

    return gettext_module.translation(domain, pycountry.LOCALES_DIR, languages=[language], fallback=True)


@register.filter
def country_name(code: str) -> str:
    """The country's name in the interface language (pycountry ships the ISO 3166 translations)."""
    return _country_name_in(code or "", get_language() or "nl")


@lru_cache(maxsize=4096)
def _country_name_in(code: str, language: str) -> str:
    import pycountry
    from django.utils import translation

    if code == "XX":
        with translation.override(language):
            return _("onbekend / staatloos")
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    name = getattr(country, "common_name", None) or country.name
    return _iso_translation("iso3166-1", language[:2]).gettext(name)


@register.filter
def language_name(code: str) -> str:
    import pycountry

    code = code or ""
    lang = pycountry.languages.get(alpha_2=code) if len(code) == 2 else pycountry.languages.get(alpha_3=code)
    if lang is None:
        return code
    return _iso_translation("iso639-3", (get_language() or "nl")[:2]).gettext(lang.name)


@register.filter
def birth_display(person: Any) -> str:
    """A date of birth known only in part: unknown parts shown as XX (dd-mm-jjjj)."""
    year, month, day = person.birth_year, person.birth_month, person.birth_day
    if year is None:
        return pgettext("date of birth", "onbekend")
    return "-".join((f"{day:02d}" if day else "XX", f"{month:02d}" if month else "XX", f"{year:04d}"))


@register.simple_tag
def deadline_badge(due: dt.date | None, kind: str = "deadline", code: str = "", suspended: bool = False) -> SafeString:
    """Date and days left; overdue is highlighted and said in words, never by colour alone.

    A signal (`kind="flag"`) says since when, not how late; a term that has become a fact of the dossier
    (FACT_CODES) says when it passed; a case on hold (`suspended`) shows its terms as suspended.

    A list shows dozens of badges: each is rendered once per date, kind, day and language (`_badge`).
    """
    key = (due, kind, code in FACT_CODES, bool(suspended), clock.today(), get_language())
    try:
        return _badge(*key)
    except TypeError:  # a value that cannot be a key (not a date): render it as it is
        return _badge.__wrapped__(*key)


@lru_cache(maxsize=4096)
def _badge(
    due: dt.date | None, kind: str, fact: bool, suspended: bool, today: dt.date, language: str | None
) -> SafeString:
    if due is None:
        return format_html('<span class="regie-deadline regie-deadline--none">{}</span>', _("geen termijn"))
    days = (due - today).days
    date_text = due.strftime("%d-%m-%Y")
    if kind == "flag":
        return format_html(
            '<span class="regie-deadline regie-deadline--signal">{} <time datetime="{}">{}</time></span>',
            _("signaal sinds"),
            due.isoformat(),
            date_text,
        )
    if days < 0 and fact:
        return format_html(
            '<span class="regie-deadline regie-deadline--passed">{} <time datetime="{}">{}</time></span>',
            _("verstreken op"),
            due.isoformat(),
            date_text,
        )
    if suspended:
        return format_html(
            '<span class="regie-deadline regie-deadline--suspended"><time datetime="{}">{}</time> '
            '<span class="regie-deadline__left">({})</span></span>',
            due.isoformat(),
            date_text,
            _("opgeschort: het dossier is aangehouden"),
        )
    if days < 0:
        left = ngettext("%(n)d dag verlopen", "%(n)d dagen verlopen", -days) % {"n": -days}
        modifier = "overdue"
    elif days == 0:
        left, modifier = _("vandaag"), "today"
    else:
        left = ngettext("nog %(n)d dag", "nog %(n)d dagen", days) % {"n": days}
        modifier = "soon" if days <= 7 else "later"
    return format_html(
        '<span class="regie-deadline regie-deadline--{}"><time datetime="{}">{}</time> <span class="regie-deadline__left">({})</span></span>',
        modifier,
        due.isoformat(),
        date_text,
        left,
    )


@register.inclusion_tag("web/_card_form.html", takes_context=True)
def card_form(
    context: template.Context,
    form: forms.Form,
    action: str,
    title: str,
    button: str,
    explanation: str = "",
    note: str = "",
    secondary: bool = False,
) -> dict[str, Any]:
    """One action form as a card: `{% card_form form action title=_("…") button=_("…") %}`.

    Arguments instead of context variables, so that one card's title or note never leaks into the
    next card on the page.
    """
    return {
        "form": form,
        "action": action,
        "title": title,
        "button": button,
        "explanation": explanation,
        "note": note,
        "secondary": secondary,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("web/_case_heading.html")
def case_heading(case: Any, name: str, title: str, anchor: str = "", phase: bool = False) -> dict[str, Any]:
    """The heading of a page about one dossier: `{% case_heading case person.full_name _("Vertrek") %}`."""
    return {"case": case, "name": name, "title": title, "anchor": anchor, "phase": phase}


@register.simple_tag
def table_head(*labels: str, numeric: str = "") -> SafeString:
    """A table's column headings: `{% table_head _("Datum") _("Bedrag") numeric="2" %}`.

    `numeric` names the (1-based) columns that hold amounts, which align to the right.
    """
    right = {int(n) for n in numeric.split()}
    cells = "".join(
        format_html(
            '<th scope="col" class="utrecht-table__header-cell{}">{}</th>',
            " utrecht-table__header-cell--numeric" if i in right else "",
            label,
        )
        for i, label in enumerate(labels, start=1)
    )
    return format_html(
        '<thead class="utrecht-table__header"><tr class="utrecht-table__row">{}</tr></thead>', SafeString(cells)
    )


@register.simple_tag
def sort_header(label: str, key: str, order: str, query: str) -> SafeString:
    """A column heading that sorts the list by `key` (again: the other way round), keeping the filters
    in `query`; the current column says its direction with `aria-sort`."""
    from django.http import QueryDict

    current = order.lstrip("-") == key
    descending = order.startswith("-")
    params = QueryDict(query, mutable=True)
    params.pop("pagina", None)
    params["sortering"] = f"-{key}" if current and not descending else key
    sort = ("descending" if descending else "ascending") if current else ""
    hint = _("sorteer aflopend") if current and not descending else _("sorteer oplopend")
    return format_html(
        '<th scope="col" class="utrecht-table__header-cell"{}><a class="utrecht-link utrecht-link--html-a '
        'regie-sort" href="?{}">{}<span class="regie-visually-hidden"> ({})</span></a></th>',
        format_html(' aria-sort="{}"', sort) if sort else "",
        params.urlencode(),
        label,
        hint,
    )


@register.simple_tag
def figure_of(row: Any, key: str) -> int:
    """A registered figure of a team page row (0 when the app counted none)."""
    figures: dict[str, int] = getattr(row, "figures", {})
    return figures.get(key, 0)


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """`mapping[key]`, or None: `{{ changes|get_item:event.pk }}`."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def deadline_label(row: Any) -> str:
    """A deadline's (or the case's next deadline's) label in the reader's language."""
    from regie.deadlines import texts

    return texts.label(row)


@register.filter
def deadline_explanation(row: Any) -> str:
    """A deadline's explanation in the reader's language, rendered from its stored values."""
    from regie.deadlines import texts

    return texts.explanation(row)


@register.filter
def in_language(text: str) -> str:
    """Stored Dutch text (a rule label, a registered message) in the reader's language where known."""
    from regie.core.i18n import translate

    return translate(text or "")


@register.filter
def next_action_shown(case: Any, user: Any) -> bool:
    """Whether `user` may read the case's next deadline: a medical one (the end of an art. 64
    postponement) only when they may see special-category data."""
    from regie.cases.selectors import next_deadline_visible

    return next_deadline_visible(user, case)
