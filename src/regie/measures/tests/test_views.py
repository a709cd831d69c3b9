"""The measures page through Django's test client, with ordinary roles (never superusers)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from regie.accounts.models import User
from regie.audit.models import AccessRecord
from regie.cases.models import Case
from regie.core.context import Actor
from regie.measures import selectors, services
from regie.measures.models import Detention, ReportingDuty, VblPlacement
from regie.testing.fixtures import logged_in, proposer_for

from .conftest import on

pytestmark = [pytest.mark.django_db]


def _page(case: Case) -> str:
    return reverse("measures:page", kwargs={"case_id": case.pk})


def _section(case: Case) -> str:
    return reverse("cases:dossier", kwargs={"case_id": case.pk}) + "#maatregelen"


def _start(lead: User, case: Case, day: dt.date, **extra: Any) -> Detention:
    return services.detention_start(
        actor=Actor(user=lead),
        case=case,
        basis="art59",
        place="Detentiecentrum Rotterdam",
        grounds="Risico op onttrekking",
        starts_on=day,
        **{"proposed_by": proposer_for(lead, case), **extra},
    )


def _error_of(html: str, field_id: str) -> str:
    match = re.search(rf'id="{re.escape(field_id)}-error">(.*?)</div>', html, re.S)
    assert match, f"no error shown next to {field_id}"
    return match.group(1)


def test_page_requires_login_and_visibility(client, case, other_case_manager, today) -> None:
    response = client.get(_page(case))
    assert response.status_code == 302 and response["Location"].startswith(reverse("web:login"))
    assert logged_in(other_case_manager).get(_page(case)).status_code == 404


def test_case_manager_sees_the_forms_that_fit_and_the_read_is_logged(case, case_manager, today) -> None:
    response = logged_in(case_manager).get(_page(case))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Geen maatregelen opgelegd." in html
    assert 'name="meldplicht-starts_on"' in html and 'name="vbl-location"' in html
    assert 'name="bewaring-basis"' not in html
    # The case manager proposes a detention; a team lead who did not propose it decides (four eyes).
    assert "Bewaring voorstellen" in html and 'name="bewaring-voorstel-basis"' in html
    assert AccessRecord.objects.filter(user=case_manager, person_id=case.person_id, purpose="dossier_view").count() == 1


def test_impose_and_end_a_reporting_duty(case, case_manager, today) -> None:
    client = logged_in(case_manager)
    response = client.post(
        reverse("measures:reporting_duty_impose", kwargs={"case_id": case.pk}),
        {"meldplicht-starts_on": "2026-11-02", "meldplicht-frequency": "wekelijks", "meldplicht-location": "AVIM"},
    )
    assert response.status_code == 302 and response["Location"] == _section(case)
    duty = ReportingDuty.objects.get()
    html = client.get(_page(case)).content.decode()
    assert "AVIM" in html and 'name="meldplicht-einde-ends_on"' in html
    url = reverse("measures:reporting_duty_end", kwargs={"case_id": case.pk, "duty_id": duty.pk})
    missing = client.post(url, {"meldplicht-einde-version": "1", "meldplicht-einde-ends_on": ""})
    assert missing.status_code == 400
    assert "verplicht" in _error_of(missing.content.decode(), "id_meldplicht-einde-ends_on")
    done = client.post(
        url,
        {
            "meldplicht-einde-version": "1",
            "meldplicht-einde-ends_on": "2026-11-02",
            "meldplicht-einde-end_reason": "completed",
        },
    )
    assert done.status_code == 302
    assert ReportingDuty.objects.get().end_reason == "completed"


def test_vbl_without_an_lp_request_is_refused_on_the_page(case, case_manager, today, vbl_ready) -> None:
    vbl_ready(case, lp_sent_on=None)
    response = logged_in(case_manager).post(
        reverse("measures:vbl_place", kwargs={"case_id": case.pk}),
        {"vbl-location": "VBL Ter Apel", "vbl-starts_on": "2026-11-02"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "ingediende LP-aanvraag" in html and 'id="fouten"' in html
    assert 'value="VBL Ter Apel"' in html  # the input is kept
    assert not VblPlacement.objects.exists()


def test_team_lead_starts_a_detention_and_its_maximum_is_explained(case, team_lead, case_manager, today) -> None:
    denied = logged_in(case_manager).post(
        reverse("measures:detention_start", kwargs={"case_id": case.pk}),
        {
            "bewaring-basis": "art59",
            "bewaring-place": "DC",
            "bewaring-starts_on": "2026-11-02",
            "bewaring-grounds": "x",
            "bewaring-proposed_by": str(team_lead.pk),
        },
    )
    assert denied.status_code == 403
    client = logged_in(team_lead)
    page = client.get(_page(case)).content.decode()
    assert 'name="bewaring-basis"' in page
    assert re.search(rf'<option value="{case_manager.pk}" selected>', page)  # the assigned case manager proposes
    response = client.post(
        reverse("measures:detention_start", kwargs={"case_id": case.pk}),
        {
            "bewaring-basis": "art59",
            "bewaring-place": "Detentiecentrum Rotterdam",
            "bewaring-starts_on": "2026-11-02",
            "bewaring-grounds": "Risico op onttrekking",
            "bewaring-family_or_minor": "on",
            "bewaring-proposed_by": str(case_manager.pk),
        },
    )
    assert response.status_code == 302, response.content
    detention = Detention.objects.get()
    assert detention.family_or_minor and detention.proposed_by == case_manager and detention.approved_by == team_lead
    html = client.get(_page(case)).content.decode()
    assert "Maximale duur bewaring gezin/minderjarige 16-11-2026: start bewaring 02-11-2026 + 14 dagen" in html
    assert 'name="bewaring-verlenging-extended_on"' not in html  # families cannot be extended


def test_ending_a_detention_after_its_maximum_is_refused_next_to_the_field(
    case, team_lead, case_manager, today
) -> None:
    detention = _start(team_lead, case, today, family_or_minor=True)
    url = reverse("measures:detention_end", kwargs={"case_id": case.pk, "detention_id": detention.pk})
    with on(dt.date(2026, 11, 20)):
        response = logged_in(case_manager).post(
            url,
            {
                "bewaring-einde-version": "1",
                "bewaring-einde-ends_on": "2026-11-20",
                "bewaring-einde-end_reason": "departed",
            },
        )
    assert response.status_code == 400
    assert "uiterlijk 16-11-2026" in _error_of(response.content.decode(), "id_bewaring-einde-ends_on")
    assert Detention.objects.get().ends_on is None


def test_a_conflict_keeps_the_input_on_the_current_version(case, team_lead, case_manager, today) -> None:
    detention = _start(team_lead, case, today)
    services.detention_court_notified(
        actor=Actor(user=team_lead), detention=detention, court_notified_on=today, expected_version=1
    )
    response = logged_in(case_manager).post(
        reverse("measures:detention_end", kwargs={"case_id": case.pk, "detention_id": detention.pk}),
        {
            "bewaring-einde-version": "1",
            "bewaring-einde-ends_on": "2026-11-02",
            "bewaring-einde-end_reason": "departed",
        },
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Iemand anders heeft deze maatregel intussen gewijzigd" in html
    assert re.search(r'name="bewaring-einde-version" value="2"', html)
    assert Detention.objects.get().ends_on is None


def test_dossier_section_shows_the_due_speed_alert(case, team_lead, case_manager, today) -> None:
    _start(team_lead, case, today)
    with on(today + dt.timedelta(days=14)):
        section = selectors.measures_dossier_section(user=case_manager, case=case)
        html = render_to_string("measures/_dossier_section.html", {"section": section})
    assert 'id="maatregelen"' in html and 'id="bewaring-geen-actie"' in html
    assert "laatste vastgelegde actie 02-11-2026 + 14 dagen" in html
    assert reverse("measures:page", kwargs={"case_id": case.pk}) in html
    quiet = render_to_string(
        "measures/_dossier_section.html", {"section": selectors.measures_dossier_section(user=case_manager, case=case)}
    )
    assert 'id="bewaring-geen-actie"' not in quiet and "Rechter informeren" in quiet
