"""A team lead's morning in a real browser: the team page's workload and inbox, three cases reassigned
at once from the caseload, a support grant approved from the inbox; the caseload filters apply on
submit, sort by a column and export. axe-core on every page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from regie.accounts.models import Team, User
from regie.cases.models import Case
from regie.core.context import Actor
from regie.support.models import SupportGrant
from regie.support.services import support_grant_apply
from regie.testing.browser import E2E, assert_accessible, login

pytestmark = E2E


def test_a_team_lead_reassigns_and_approves(
    page: Any,
    axe_source: str,
    make_case: Callable[..., Case],
    make_user: Callable[..., User],
    case_manager: User,
    team_lead: User,
    team: Team,
) -> None:
    cases = [make_case(family_name=name) for name in ("Abebe", "Bekele", "Chala", "Desta")]
    colleague = make_user("case_manager", team, first_name="Noor", last_name="Visser")
    grant = support_grant_apply(actor=Actor(user=case_manager), case=cases[3], programme="reintegration")

    login(page, team_lead.username)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Team", exact=True).click()
    page.wait_for_url("**/team/")
    workload = page.locator("section", has=page.get_by_role("heading", name="Werklast per regievoerder"))
    assert workload.get_by_role("row").filter(has_text=case_manager.display_name).is_visible()
    assert_accessible(page, axe_source, name="team")

    # Sort by name, then select three rows and give them to the colleague.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Werkvoorraad team").click()
    page.get_by_role("link", name="Naam").first.click()
    page.wait_for_url("**sortering=naam**")
    assert_accessible(page, axe_source, name="werkvoorraad gesorteerd")
    for case in cases[:3]:
        page.get_by_label(f"Dossier {case.number} selecteren").check()
    page.get_by_label("Toewijzen aan").select_option(label=f"{colleague.display_name} (0 open)")
    page.get_by_role("button", name="Toewijzen").click()
    page.get_by_text("3 dossiers toegewezen aan").wait_for()
    assert [Case.objects.get(pk=c.pk).assigned_to for c in cases[:3]] == [colleague] * 3

    # The inbox: the grant above the threshold, approved on its page.
    page.goto(page.base_url + "/team/")
    page.get_by_role("link", name="Goedkeuren of afwijzen").click()
    assert_accessible(page, axe_source, name="ondersteuning")
    page.get_by_role("button", name="Goedkeuren").click()
    page.wait_for_load_state()
    grant.refresh_from_db()
    assert grant.status == "approved" and SupportGrant.objects.get(pk=grant.pk).approved_by == team_lead
