"""The support pages in a real browser: apply (with errors), the grant with the team lead's actions,
the dossier section, and the partner's pages; axe-core on each, in the states their users see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from regie.accounts.models import PartnerOrganisation, User
from regie.cases.models import Case
from regie.core.context import Actor
from regie.support.choices import Programme, SupportStatus
from regie.support.models import SupportGrant
from regie.support.seed import amount_rules_seed
from regie.support.services import support_grant_apply, support_grant_refer
from regie.testing.browser import E2E, assert_accessible, login

pytestmark = E2E


@pytest.fixture(autouse=True)
def amount_rules(transactional_db: Any) -> None:
    """Browser tests flush the database between them, and with it the seeded amount rules."""
    amount_rules_seed()


def test_apply_approve_and_refer(
    page: Any, axe_source: str, case: Case, case_manager: User, team_lead: User, iom: PartnerOrganisation
) -> None:
    login(page, case_manager.username)
    page.goto(f"{page.base_url}/dossiers/{case.pk}/")
    assert_accessible(page, axe_source, "support-section-empty")
    page.get_by_role("link", name="Ondersteuning aanvragen").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Ondersteuning aanvragen"
    assert_accessible(page, axe_source, "support-apply")
    page.get_by_label("Herintegratieondersteuning").check()
    page.get_by_label("Besluitdatum").fill("2014-06-01")
    page.get_by_role("button", name="Aanvragen").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").first.is_visible() and "geen bedragregel" in page.content()
    assert_accessible(page, axe_source, "support-apply-errors")
    page.get_by_label("Besluitdatum").fill("2026-11-28")
    page.get_by_label("Gewenst contant deel (euro)").fill("100")
    page.get_by_role("button", name="Aanvragen").click()
    page.wait_for_load_state()
    grant = SupportGrant.objects.get()
    assert grant.status == SupportStatus.AWAITING_APPROVAL and grant.cash_cents == 10000
    assert "€ 2.515" in page.content()
    assert_accessible(page, axe_source, "support-grant-waiting")

    page.context.clear_cookies()
    login(page, team_lead.username)
    page.goto(f"{page.base_url}/dossiers/{case.pk}/")
    assert "wacht op uw akkoord" in page.content()
    assert_accessible(page, axe_source, "support-section-lead")
    page.get_by_role("link", name="Herintegratieondersteuning", exact=True).click()
    page.wait_for_load_state()
    assert_accessible(page, axe_source, "support-grant-lead")
    page.get_by_role("button", name="Goedkeuren").click()
    page.wait_for_load_state()
    grant.refresh_from_db()
    assert grant.status == SupportStatus.APPROVED
    page.get_by_label("Partnerorganisatie").select_option(str(iom.pk))
    page.get_by_label("Toestemming om gegevens te delen op").fill("2026-12-01")
    page.get_by_role("button", name="Doorverwijzen").click()
    page.wait_for_load_state()
    assert "in de toekomst" in page.content()
    assert_accessible(page, axe_source, "support-refer-errors")


def test_partner_pages(
    page: Any,
    axe_source: str,
    case: Case,
    case_manager: User,
    iom: PartnerOrganisation,
    partner_of: Callable[[PartnerOrganisation], User],
) -> None:
    grant = support_grant_apply(actor=Actor(user=case_manager), case=case, programme=Programme.BASIC)
    support_grant_refer(
        actor=Actor(user=case_manager),
        grant=grant,
        partner=iom,
        consent_to_share_on=dt.date(2026, 11, 27),
        expected_version=None,
    )
    login(page, partner_of(iom).username)
    page.goto(f"{page.base_url}/partner/dossiers/")
    assert_accessible(page, axe_source, "support-partner-list")
    page.get_by_role("link", name=case.number).click()
    page.wait_for_load_state()
    assert "Haddad, Mohammed" in page.content()
    assert_accessible(page, axe_source, "support-partner-case")
