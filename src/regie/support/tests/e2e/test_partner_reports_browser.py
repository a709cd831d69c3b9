"""Issue 11, item 4, "checked by": a partner logs in, records 'support delivered' on a referred case, and
the case manager sees it on the dossier and its timeline; axe-core on the partner's pages in each state."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest

from regie.accounts.models import PartnerOrganisation, User
from regie.cases.models import Case
from regie.core.context import Actor
from regie.support.choices import SupportStatus
from regie.support.models import PartnerReport, SupportGrant
from regie.support.seed import amount_rules_seed
from regie.support.services import support_grant_apply, support_grant_refer
from regie.testing.browser import E2E, assert_accessible, login

pytestmark = E2E


@pytest.fixture(autouse=True)
def amount_rules(transactional_db: Any) -> None:
    """Browser tests flush the database between them, and with it the seeded amount rules."""
    amount_rules_seed()


def test_a_partner_reports_support_delivered_and_the_case_manager_sees_it(
    page: Any,
    axe_source: str,
    case: Case,
    case_manager: User,
    iom: PartnerOrganisation,
    partner_of: Callable[[PartnerOrganisation], User],
) -> None:
    grant = support_grant_apply(actor=Actor(user=case_manager), case=case, programme="basic")
    support_grant_refer(
        actor=Actor(user=case_manager),
        grant=grant,
        partner=iom,
        consent_to_share_on=dt.date(2026, 11, 27),
        expected_version=None,
    )
    login(page, partner_of(iom).username)
    page.goto(f"{page.base_url}/partner/dossiers/")
    assert "Terugkeergesprek gehouden" in page.content()  # the next report due
    assert_accessible(page, axe_source, "partner-worklist")
    page.get_by_role("link", name=case.number).click()
    page.wait_for_load_state()
    assert_accessible(page, axe_source, "partner-case")

    page.get_by_label("Wat meldt u?").select_option("support_delivered")
    page.get_by_label(re.compile(r"^Datum")).fill("2026-11-28")
    page.get_by_label("Vorm").select_option("cash")
    page.get_by_label("Verstrekt bedrag (euro)").fill("99999")
    page.get_by_role("button", name="Terugmelding vastleggen").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").first.is_visible() and "boven het toegekende deel" in page.content()
    assert_accessible(page, axe_source, "partner-case-errors")
    assert not PartnerReport.objects.exists()

    page.get_by_label("Verstrekt bedrag (euro)").fill("40")
    page.get_by_role("button", name="Terugmelding vastleggen").click()
    page.wait_for_load_state()
    assert "Uw terugmelding is vastgelegd." in page.content()
    assert_accessible(page, axe_source, "partner-case-reported")
    reported = PartnerReport.objects.get()
    assert reported.amount_cents == 4000 and reported.support_form == "cash"
    assert SupportGrant.objects.get().status == SupportStatus.DELIVERED

    page.context.clear_cookies()
    login(page, case_manager.username)
    page.goto(f"{page.base_url}/dossiers/{case.pk}/")
    section = page.locator("section[aria-labelledby='h-ondersteuning']")
    assert "Terugmeldingen van partners" in section.inner_text() and "€ 40" in section.inner_text()
    assert "Partner: ondersteuning verstrekt" in page.content()  # the timeline
    assert_accessible(page, axe_source, "dossier-with-partner-report")
