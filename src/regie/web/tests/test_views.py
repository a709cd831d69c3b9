"""Login, language, start page, privacy officer and analyst pages."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from regie.accounts.models import User
from regie.audit.choices import AccessPurpose
from regie.audit.models import AccessRecord
from regie.cases import services
from regie.cases.intake import IntakeData
from regie.core.context import Actor
from regie.testing.fixtures import logged_in

pytestmark = pytest.mark.django_db

PASSWORD = "Regie-test-2026!"


def test_login_page_is_dutch_and_logs_in(client: Client, case_manager: User) -> None:
    page = client.get(reverse("web:login"))
    body = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="nl"' in body
    assert '<label class="utrecht-form-label" for="id_username">Gebruikersnaam' in body
    assert "Wachtwoord" in body and 'href="#main"' in body

    response = client.post(reverse("web:login"), {"username": case_manager.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 302  # home sends a case manager on
    assert client.get(reverse("cases:caseload")).status_code == 200


def test_wrong_password_is_refused_with_a_message(client: Client, case_manager: User) -> None:
    response = client.post(reverse("web:login"), {"username": case_manager.username, "password": "fout"})
    assert response.status_code == 200
    assert "utrecht-alert--error" in response.content.decode()


def test_logout_is_a_post(case_manager: User) -> None:
    client = logged_in(case_manager)
    assert client.post(reverse("web:logout")).status_code == 302
    assert client.get(reverse("cases:caseload")).status_code == 302


def test_english_switch(case_manager: User) -> None:
    client = logged_in(case_manager)
    assert "Mijn werkvoorraad" in client.get(reverse("cases:caseload")).content.decode()

    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("cases:caseload")})
    assert response.status_code == 302

    body = client.get(reverse("cases:caseload")).content.decode()
    assert '<html lang="en"' in body
    assert "My caseload" in body and "Mijn werkvoorraad" not in body
    assert 'value="nl" lang="nl"' in body and ">Nederlands</button>" in body


def test_home_sends_each_role_to_its_page(
    case_manager: User, analyst: User, privacy_officer: User, partner: User
) -> None:
    assert logged_in(case_manager).get(reverse("web:home"))["Location"] == reverse("cases:caseload")
    assert logged_in(analyst).get(reverse("web:home"))["Location"] == reverse("reports:dashboard")
    assert logged_in(privacy_officer).get(reverse("web:home"))["Location"] == reverse("web:privacy")
    assert logged_in(partner).get(reverse("web:home"))["Location"] == reverse("support:partner_cases")


def test_navigation_follows_the_role(case_manager: User, analyst: User) -> None:
    cm = logged_in(case_manager).get(reverse("cases:caseload")).content.decode()
    assert reverse("cases:intake") in cm and reverse("reports:dashboard") not in cm
    an = logged_in(analyst).get(reverse("reports:dashboard")).content.decode()
    assert reverse("reports:dashboard") in an and reverse("cases:intake") not in an


def test_privacy_officer_sees_who_accessed_a_person(
    privacy_officer: User, case_manager: User, make_intake: Callable[..., IntakeData]
) -> None:
    case = services.case_intake(actor=Actor(user=case_manager), data=make_intake()).case
    logged_in(case_manager).get(reverse("cases:dossier", kwargs={"case_id": case.pk}))
    client = logged_in(privacy_officer)

    assert client.get(reverse("web:privacy")).status_code == 200
    response = client.post(reverse("web:privacy"), {"v_number": case.person.v_number})

    assert response.status_code == 200
    body = response.content.decode()
    assert case_manager.username in body and case.number in body
    assert "2 vastleggingen" in body
    # Looking someone up is itself a read of that person's data.
    own = AccessRecord.objects.filter(user=privacy_officer).get()
    assert own.person_id == case.person_id and own.purpose == AccessPurpose.PRIVACY_REVIEW


def test_privacy_page_validates_the_v_number(privacy_officer: User) -> None:
    client = logged_in(privacy_officer)
    bad = client.post(reverse("web:privacy"), {"v_number": "12ab"})
    assert bad.status_code == 400
    assert "V-nummer: Een V-nummer bestaat uit precies 10 cijfers." in bad.content.decode()
    unknown = client.post(reverse("web:privacy"), {"v_number": "9999999999"})
    assert "Er is geen persoon met dit V-nummer." in unknown.content.decode()
    assert AccessRecord.objects.count() == 0


def test_privacy_page_is_for_the_privacy_officer_only(case_manager: User) -> None:
    response = logged_in(case_manager).post(reverse("web:privacy"), {"v_number": "1234567890"})
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()


def test_unknown_dossier_is_a_404_page(case_manager: User) -> None:
    response = logged_in(case_manager).get("/dossiers/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    assert "Niet gevonden" in response.content.decode()


def test_vendored_assets_are_served_locally() -> None:
    for path in (
        "regie/vendor/utrecht/component-library.css",
        "regie/vendor/voorbeeld/theme.css",
        "regie/vendor/htmx/htmx.min.js",
        "regie/regie.css",
    ):
        assert finders.find(path), path
