"""The travel-documents pages and dossier section through Django's test client, with ordinary roles."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from regie.accounts.models import User
from regie.audit.models import AccessRecord, AuditEvent
from regie.cases.models import Case
from regie.core.context import Actor
from regie.testing.fixtures import case_url, logged_in
from regie.travel_documents import selectors, services
from regie.travel_documents.choices import LpStatus
from regie.travel_documents.models import CountryRequirement, IdentityDocument, LpRequest

NOW = dt.datetime(2026, 5, 4, 10, 0)
pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at(NOW)]

NUMBER = "N12345678"
REQUIRED_ATTRIBUTE = re.compile(r"<(input|select|textarea)[^>]*\srequired[\s>]")


@pytest.fixture
def case(make_case: Callable[..., Case]) -> Case:
    """A case of `team` assigned to `case_manager` (shared `make_case`)."""
    return make_case(return_decision_date=dt.date(2026, 3, 2))


def _step(lp: LpRequest, action: str) -> str:
    return f"lp-{lp.pk.hex[:8]}-{action.replace('_', '-')}"


def test_page_requires_login_and_visibility(client: Client, case: Case, other_case_manager: User) -> None:
    response = client.get(case_url("travel_documents:page", case))
    assert response.status_code == 302 and response["Location"].startswith(reverse("web:login"))
    assert logged_in(other_case_manager).get(case_url("travel_documents:page", case)).status_code == 404
    assert not AccessRecord.objects.exists()


def test_page_shows_forms_and_logs_the_read(case: Case, case_manager: User) -> None:
    response = logged_in(case_manager).get(case_url("travel_documents:page", case))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="document-kind"' in body and 'name="lp-country"' in body
    assert "Geen documenten vastgelegd." in body and "Geen LP-aanvragen." in body
    assert not REQUIRED_ATTRIBUTE.search(body)
    (record,) = AccessRecord.objects.all()
    assert record.person_id == case.person_id


def test_record_a_document_number_stays_out_of_urls(case: Case, case_manager: User) -> None:
    client = logged_in(case_manager)
    response = client.post(
        case_url("travel_documents:document_record", case),
        {
            "document-kind": "passport",
            "document-issuing_country": "SY",
            "document-number": NUMBER,
            "document-valid_until": "2029-01-31",
            "document-held_by_service": "on",
        },
    )
    assert response.status_code == 302 and NUMBER not in response["Location"]
    assert response["Location"].endswith("#reisdocumenten")
    document = IdentityDocument.objects.get()
    assert document.number == NUMBER and document.held_by_service
    page = client.get(case_url("travel_documents:page", case)).content.decode()
    assert NUMBER in page and "geldig reisdocument" in page


def test_document_errors_next_to_the_field_without_the_number(case: Case, case_manager: User) -> None:
    response = logged_in(case_manager).post(
        case_url("travel_documents:document_record", case),
        {"document-kind": "passport", "document-issuing_country": "SY", "document-number": NUMBER},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="id_document-valid_until-error"' in body
    assert "Geldig tot en met: Bij een paspoort of laissez-passer is de geldigheidsdatum verplicht." in body
    # The number is still in its field (the user's input), but in no error message.
    assert body.count(NUMBER) == 1 and f'value="{NUMBER}"' in body
    assert not IdentityDocument.objects.exists()


def test_lp_life_cycle_through_the_pages(case: Case, case_manager: User) -> None:
    client = logged_in(case_manager)
    response = client.post(
        case_url("travel_documents:lp_prepare", case),
        {"lp-country": "DZ", "lp-prepared_on": "2026-04-01", "lp-reference": "LP-9"},
    )
    assert response.status_code == 302
    lp = LpRequest.objects.get()
    page = client.get(case_url("travel_documents:page", case)).content.decode()
    assert f'name="{_step(lp, "sign")}-signed_on"' in page and f'name="{_step(lp, "refuse_signing")}-note"' in page
    assert f'name="{_step(lp, "send")}-sent_on"' not in page  # not allowed before signing

    prefix = _step(lp, "refuse_signing")
    refused = client.post(
        case_url("travel_documents:lp_refuse_signing", case, lp_id=lp.pk),
        {f"{prefix}-version": "1", f"{prefix}-signing_refused_on": "2026-04-02", f"{prefix}-note": "weigert"},
    )
    assert refused.status_code == 302
    prefix = _step(lp, "send")
    sent = client.post(
        case_url("travel_documents:lp_send", case, lp_id=lp.pk),
        {f"{prefix}-version": "2", f"{prefix}-sent_on": "2026-04-03"},
    )
    assert sent.status_code == 302
    lp.refresh_from_db()
    assert lp.status == LpStatus.SENT and lp.version == 3
    page = client.get(reverse("cases:dossier", kwargs={"case_id": case.pk}))
    assert page.status_code == 200

    prefix = _step(lp, "close")
    closed = client.post(
        case_url("travel_documents:lp_close", case, lp_id=lp.pk),
        {
            f"{prefix}-version": "3",
            f"{prefix}-outcome_on": "2026-05-01",
            f"{prefix}-outcome": "issued",
            f"{prefix}-lp_valid_until": "2026-08-01",
            f"{prefix}-document_number": NUMBER,
        },
    )
    assert closed.status_code == 302
    assert IdentityDocument.objects.get().kind == "laissez_passer"
    assert AuditEvent.objects.filter(event_type="travel_document.lp_closed", channel="web").count() == 1


def test_stale_version_and_illegal_step_answer_409(case: Case, case_manager: User, team_lead: User) -> None:
    lp = services.lp_request_prepare(actor=Actor(user=case_manager), case=case, country="MA")
    services.lp_request_sign(actor=Actor(user=team_lead), lp=lp, expected_version=1)
    client = logged_in(case_manager)
    prefix = _step(lp, "refuse_signing")
    stale = client.post(
        case_url("travel_documents:lp_refuse_signing", case, lp_id=lp.pk),
        {f"{prefix}-version": "1", f"{prefix}-signing_refused_on": "2026-05-04", f"{prefix}-note": "mijn invoer"},
    )
    assert stale.status_code == 409
    body = stale.content.decode()
    assert "Iemand anders heeft deze LP-aanvraag intussen gewijzigd." in body
    assert "mijn invoer" in body and f'name="{prefix}-version" value="2"' in body
    # The refusal was not recorded, and the version the user now holds is the current one.
    lp.refresh_from_db()
    assert lp.status == LpStatus.SIGNED and lp.signing_refused_on is None
    again = client.post(
        case_url("travel_documents:lp_refuse_signing", case, lp_id=lp.pk),
        {f"{prefix}-version": "2", f"{prefix}-signing_refused_on": "2026-05-04"},
    )
    assert again.status_code == 409 and "niet worden: weigering tot ondertekenen vastleggen" in again.content.decode()


def test_other_team_may_not_post(case: Case, case_manager: User, other_case_manager: User) -> None:
    lp = services.lp_request_prepare(actor=Actor(user=case_manager), case=case, country="MA")
    prefix = _step(lp, "sign")
    response = logged_in(other_case_manager).post(
        case_url("travel_documents:lp_sign", case, lp_id=lp.pk),
        {f"{prefix}-version": "1", f"{prefix}-signed_on": "2026-05-04"},
    )
    assert response.status_code == 404
    assert LpRequest.objects.get().status == LpStatus.PREPARED


def test_dossier_section_partial_with_decision_point(case: Case, case_manager: User, team_lead: User) -> None:
    services.country_requirement_save(
        actor=Actor(user=team_lead), country="DZ", expected_version=None, photos=4, presentation_in_person=True
    )
    actor = Actor(user=case_manager)
    lp = services.lp_request_prepare(actor=actor, case=case, country="DZ", prepared_on=dt.date(2025, 4, 1))
    lp = services.lp_request_sign(actor=actor, lp=lp, expected_version=1, signed_on=dt.date(2025, 4, 2))
    services.lp_request_send(actor=actor, lp=lp, expected_version=2, sent_on=dt.date(2025, 4, 3))
    section = selectors.travel_documents_dossier_section(user=case_manager, case=case)
    html = render_to_string("travel_documents/_dossier_section.html", {"section": section})
    assert 'id="reisdocumenten"' in html and "Beslismoment: geen antwoord binnen twaalf maanden" in html
    assert "4 pasfoto&#x27;s" in html or "4 pasfoto's" in html
    assert reverse("travel_documents:country_requirement", kwargs={"country": "DZ"}) in html
    assert case_url("travel_documents:page", case) in html


def test_country_requirements_pages(team_lead: User, case_manager: User, partner: User) -> None:
    lead = logged_in(team_lead)
    assert lead.get(reverse("travel_documents:country_requirements")).status_code == 200
    chosen = lead.get(reverse("travel_documents:country_requirement_new"), {"land": "MA"})
    assert chosen.status_code == 302 and chosen["Location"] == reverse(
        "travel_documents:country_requirement", kwargs={"country": "MA"}
    )
    url = reverse("travel_documents:country_requirement", kwargs={"country": "MA"})
    form = lead.get(url)
    assert form.status_code == 200 and "Voor dit land zijn nog geen eisen vastgelegd." in form.content.decode()
    saved = lead.post(
        url,
        {
            "landeneisen-photos": "2",
            "landeneisen-forms": "Formulier B",
            "landeneisen-embassy_name": "Ambassade van Marokko",
        },
    )
    assert saved.status_code == 302
    requirement = CountryRequirement.objects.get()
    assert requirement.photos == 2 and requirement.version == 1
    stale = lead.post(url, {"landeneisen-photos": "3"})  # no version: someone else's record now exists
    assert stale.status_code == 409 and CountryRequirement.objects.get().photos == 2
    bad = lead.post(url, {"landeneisen-version": "1", "landeneisen-photos": "-1"})
    assert bad.status_code == 400 and 'id="id_landeneisen-photos-error"' in bad.content.decode()

    reader = logged_in(case_manager)
    listed = reader.get(reverse("travel_documents:country_requirements")).content.decode()
    assert "Ambassade van Marokko" in listed and "Land toevoegen" not in listed
    detail = reader.get(url).content.decode()
    assert "Formulier B" in detail and 'name="landeneisen-photos"' not in detail
    assert reader.post(url, {"landeneisen-version": "1", "landeneisen-photos": "9"}).status_code == 403
    assert reader.get(reverse("travel_documents:country_requirement", kwargs={"country": "DZ"})).status_code == 404
    assert logged_in(partner).get(reverse("travel_documents:country_requirements")).status_code == 403
    assert lead.get(reverse("travel_documents:country_requirement", kwargs={"country": "ZZ"})).status_code == 404


def test_an_unsent_request_can_only_be_withdrawn(case: Case, case_manager: User) -> None:
    lp = services.lp_request_prepare(actor=Actor(user=case_manager), case=case, country="MA")
    client = logged_in(case_manager)
    prefix = _step(lp, "close")
    page = client.get(case_url("travel_documents:page", case)).content.decode()
    assert f'name="{prefix}-outcome"' in page and f'name="{prefix}-lp_valid_until"' not in page
    assert 'value="issued"' not in page.split(f'name="{prefix}-outcome"')[1].split("</select>")[0]
    withdrawn = client.post(
        case_url("travel_documents:lp_close", case, lp_id=lp.pk),
        {f"{prefix}-version": "1", f"{prefix}-outcome_on": "2026-05-04", f"{prefix}-outcome": "withdrawn"},
    )
    assert withdrawn.status_code == 302
    assert LpRequest.objects.get().outcome == "withdrawn"
