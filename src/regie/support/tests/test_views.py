"""The support pages through Django's test client, with ordinary roles (never superusers)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from regie.accounts.models import PartnerOrganisation, User
from regie.audit.choices import AccessPurpose, EventType
from regie.audit.models import AccessRecord, AuditEvent
from regie.cases.choices import Outcome
from regie.cases.models import Case
from regie.core.context import Actor
from regie.people.models import Person
from regie.support.choices import Programme, SupportStatus
from regie.support.models import SupportGrant
from regie.support.selectors import support_dossier_section
from regie.support.services import support_grant_apply, support_grant_refer
from regie.testing.fixtures import closed_case

pytestmark = [pytest.mark.django_db]


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def apply(user: User, case: Case, programme: str = Programme.BASIC, **kwargs: Any) -> SupportGrant:
    return support_grant_apply(actor=Actor(user=user), case=case, programme=programme, **kwargs)


def grant_url(grant: SupportGrant, action: str = "grant") -> str:
    return reverse(f"support:{action}", kwargs={"case_id": grant.case_id, "grant_id": grant.pk})


def field_error(html: str, field_id: str) -> str:
    """The error text shown next to a field (its `-error` block), or ''."""
    match = re.search(rf'id="{re.escape(field_id)}-error">(.*?)</div>', html, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)) if match else ""


# --- the dossier section -------------------------------------------------------------------------------


def test_the_dossier_section_lists_grants_and_offers_to_apply(
    case_manager: User, team_lead: User, case: Case, rf: Any
) -> None:
    empty = render_to_string("support/_dossier_section.html", support_dossier_section(user=case_manager, case=case))
    assert "Nog geen terugkeerondersteuning" in empty and reverse("support:apply", args=[case.pk]) in empty
    grant = apply(case_manager, case, Programme.REINTEGRATION)
    html = render_to_string("support/_dossier_section.html", support_dossier_section(user=team_lead, case=case))
    assert grant_url(grant) in html and "€ 2.615" in html and "Wacht op akkoord teamleider" in html
    assert "1 aanvraag wacht op uw akkoord" in html


# --- applying ------------------------------------------------------------------------------------------


def test_apply_computes_and_redirects_to_the_grant(case_manager: User, case: Case) -> None:
    client = client_for(case_manager)
    url = reverse("support:apply", args=[case.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="aanvraag-programme"' in html and 'value="2026-11-28"' in html
    assert not re.search(r'name="[^"]*amount', html)  # no amount to type in: the rules compute it
    response = client.post(
        url,
        {
            "aanvraag-person": str(case.person_id),
            "aanvraag-programme": "reintegration",
            "aanvraag-decided_on": "2026-11-28",
            "aanvraag-cash_requested": "150,00",
            "aanvraag-country": "",
        },
    )
    grant = SupportGrant.objects.get()
    assert response.status_code == 302 and response["Location"] == grant_url(grant)
    assert (grant.cash_cents, grant.in_kind_cents, grant.status) == (15000, 246500, SupportStatus.AWAITING_APPROVAL)
    shown = client.get(grant_url(grant)).content.decode()
    assert "wacht op akkoord van de teamleider" in shown.lower() and "€ 2.465" in shown
    assert AuditEvent.objects.filter(event_type=EventType.SUPPORT_GRANT_APPLIED, channel="web").count() == 1
    assert AccessRecord.objects.filter(user=case_manager, purpose=AccessPurpose.DOSSIER_VIEW).exists()


def test_errors_are_shown_next_to_the_field(case_manager: User, case: Case) -> None:
    client = client_for(case_manager)
    url = reverse("support:apply", args=[case.pk])
    base = {"aanvraag-person": str(case.person_id), "aanvraag-programme": "basic", "aanvraag-country": ""}
    response = client.post(url, {**base, "aanvraag-decided_on": "2014-06-01", "aanvraag-cash_requested": "-3"})
    assert response.status_code == 400
    html = response.content.decode()
    assert field_error(html, "id_aanvraag-cash_requested")
    response = client.post(url, {**base, "aanvraag-decided_on": "2014-06-01"})
    assert response.status_code == 400
    assert "geen bedragregel" in field_error(response.content.decode(), "id_aanvraag-decided_on")
    assert not SupportGrant.objects.exists()


def test_earlier_support_is_refused_with_the_reason_next_to_the_person(
    case_manager: User, open_assigned: Callable[..., Case]
) -> None:
    earlier = open_assigned(v_number="9700000001")
    apply(case_manager, earlier, decided_on=dt.date(2023, 11, 1))
    closed_case(earlier, Outcome.FORCED, case_manager)
    case = open_assigned(v_number="9700000001")
    response = client_for(case_manager).post(
        reverse("support:apply", args=[case.pk]),
        {
            "aanvraag-person": str(case.person_id),
            "aanvraag-programme": "basic",
            "aanvraag-decided_on": "2026-11-28",
        },
    )
    assert response.status_code == 400
    error = field_error(response.content.decode(), "id_aanvraag-person")
    assert "ontving in de afgelopen 5 jaar al terugkeerondersteuning (op 01-11-2023)" in error


def test_a_household_member_can_be_chosen(case_manager: User, case: Case, child_of: Callable[..., Person]) -> None:
    child = child_of(case)
    client = client_for(case_manager)
    url = reverse("support:apply", args=[case.pk])
    assert "Rania Haddad" in client.get(url).content.decode()
    response = client.post(
        url,
        {"aanvraag-person": str(child.pk), "aanvraag-programme": "basic", "aanvraag-decided_on": "2026-11-28"},
    )
    assert response.status_code == 302 and SupportGrant.objects.get().person == child


@pytest.mark.parametrize("who", ["other_case_manager", "analyst", "partner"])
def test_others_cannot_reach_the_pages(who: str, request: Any, case_manager: User, case: Case) -> None:
    grant = apply(case_manager, case)
    client = client_for(request.getfixturevalue(who))
    assert client.get(reverse("support:apply", args=[case.pk])).status_code == 404
    assert client.get(grant_url(grant)).status_code == 404
    assert client.post(grant_url(grant, "cancel"), {"vervallen-version": "1"}).status_code == 404
    grant.refresh_from_db()
    assert grant.status == SupportStatus.APPROVED


def test_a_closed_case_cannot_get_new_support(case_manager: User, case: Case) -> None:
    closed_case(case, Outcome.FORCED, case_manager)
    assert client_for(case_manager).get(reverse("support:apply", args=[case.pk])).status_code == 403


# --- the grant's actions ---------------------------------------------------------------------------------


def test_the_team_lead_approves(case_manager: User, team_lead: User, case: Case) -> None:
    grant = apply(case_manager, case, Programme.REINTEGRATION)
    mine = client_for(case_manager).get(grant_url(grant)).content.decode()
    assert grant_url(grant, "approve") not in mine and "Wacht op akkoord van een teamleider" in mine
    assert client_for(case_manager).post(grant_url(grant, "approve"), {"akkoord-version": "1"}).status_code == 403
    lead = client_for(team_lead)
    page = lead.get(grant_url(grant)).content.decode()
    assert grant_url(grant, "approve") in page and grant_url(grant, "reject") in page
    assert 'name="akkoord-version" value="1"' in page
    response = lead.post(grant_url(grant, "approve"), {"akkoord-version": "1"})
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.status == SupportStatus.APPROVED and grant.approved_by == team_lead


def test_a_stale_form_answers_409_with_the_current_version(case_manager: User, team_lead: User, case: Case) -> None:
    grant = apply(case_manager, case, Programme.REINTEGRATION)
    client_for(case_manager).post(grant_url(grant, "cancel"), {"vervallen-version": "1"})
    response = client_for(team_lead).post(grant_url(grant, "approve"), {"akkoord-version": "1"})
    # The grant was cancelled meanwhile: the approval form is gone, the cancellation stands.
    assert response.status_code == 409
    assert "Iemand anders" in response.content.decode()
    grant.refresh_from_db()
    assert grant.status == SupportStatus.CANCELLED


def test_rejecting(case_manager: User, team_lead: User, case: Case) -> None:
    grant = apply(case_manager, case, Programme.REINTEGRATION)
    refused = client_for(team_lead).post(grant_url(grant, "reject"), {"afwijzen-version": "1"})
    assert refused.status_code == 400 and "Dit veld is verplicht." in refused.content.decode()
    response = client_for(team_lead).post(
        grant_url(grant, "reject"), {"afwijzen-version": "1", "afwijzen-reason": "Eerder ondersteund."}
    )
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.status == SupportStatus.REJECTED
    page = client_for(team_lead).get(grant_url(grant)).content.decode()
    assert "Er zijn geen acties meer mogelijk" in page and "Eerder ondersteund." in page


def test_refer_and_deliver(case_manager: User, case: Case, iom: PartnerOrganisation, ngo: PartnerOrganisation) -> None:
    grant = apply(case_manager, case)
    client = client_for(case_manager)
    response = client.post(
        grant_url(grant, "refer"), {"doorverwijzen-version": "1", "doorverwijzen-partner": str(ngo.pk)}
    )
    assert response.status_code == 400
    assert "IOM" in field_error(response.content.decode(), "id_doorverwijzen-partner")
    response = client.post(
        grant_url(grant, "refer"),
        {
            "doorverwijzen-version": "1",
            "doorverwijzen-partner": str(iom.pk),
            "doorverwijzen-consent_to_share_on": "2026-11-27",
        },
    )
    assert response.status_code == 302
    response = client.post(
        grant_url(grant, "deliver"), {"verstrekken-version": "2", "verstrekken-delivered_on": "2026-11-01"}
    )
    assert response.status_code == 400
    assert "besluitdatum" in field_error(response.content.decode(), "id_verstrekken-delivered_on")
    response = client.post(
        grant_url(grant, "deliver"),
        {"verstrekken-version": "2", "verstrekken-delivered_on": "2026-11-28", "verstrekken-delivery_note": "ticket"},
    )
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.status == SupportStatus.DELIVERED and grant.partner == iom and grant.delivery_note == "ticket"
    page = client.get(grant_url(grant)).content.decode()
    assert "toestemming om te delen op 27-11-2026: naam, nationaliteit en talen" in page


def test_a_finished_grant_refuses_actions_with_409(case_manager: User, case: Case) -> None:
    grant = apply(case_manager, case)
    client = client_for(case_manager)
    assert client.post(grant_url(grant, "cancel"), {"vervallen-version": "1"}).status_code == 302
    response = client.post(grant_url(grant, "cancel"), {"vervallen-version": "2"})
    assert response.status_code == 409 and "afgehandeld" in response.content.decode()


# --- partner organisations ------------------------------------------------------------------------------


def test_the_partner_sees_referred_cases_and_names_only_with_consent(
    case_manager: User,
    case: Case,
    open_assigned: Callable[..., Case],
    iom: PartnerOrganisation,
    ngo: PartnerOrganisation,
    partner_of: Callable[[PartnerOrganisation], User],
) -> None:
    grant = apply(case_manager, case)
    other = open_assigned()
    apply(case_manager, other)
    grant = support_grant_refer(
        actor=Actor(user=case_manager), grant=grant, partner=iom, consent_to_share_on=None, expected_version=None
    )
    partner = partner_of(iom)
    client = client_for(partner)
    listing = client.get(reverse("support:partner_cases")).content.decode()
    assert case.number in listing and other.number not in listing and "Haddad" not in listing
    # The list shows the referred case: one access record for its person, none for the other.
    shown = AccessRecord.objects.filter(user=partner, purpose=AccessPurpose.PARTNER_LIST)
    assert list(shown.values_list("person_id", flat=True)) == [case.person_id]
    detail_url = reverse("support:partner_case", args=[case.pk])
    detail = client.get(detail_url).content.decode()
    assert "€ 200" in detail and "geen toestemming" in detail and "Haddad" not in detail
    assert case.person.v_number not in detail and "diagnose" not in detail
    support_grant_refer(
        actor=Actor(user=case_manager),
        grant=grant,
        partner=iom,
        consent_to_share_on=dt.date(2026, 11, 28),
        expected_version=None,
    )
    detail = client.get(detail_url).content.decode()
    assert "Haddad, Mohammed" in detail and "tolk nodig" in detail and "diagnose" not in detail
    assert client.get(reverse("support:partner_case", args=[other.pk])).status_code == 404
    assert client_for(partner_of(ngo)).get(detail_url).status_code == 404
    assert client_for(case_manager).get(reverse("support:partner_cases")).status_code == 403
    # The partner does not reach the case worker's pages for the same case.
    assert client.get(grant_url(grant)).status_code == 404
