"""The support endpoints: behaviour, visibility per role, access records, errors as problem+json."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from regie.accounts.models import PartnerOrganisation, User
from regie.audit.choices import AccessPurpose, EventType
from regie.audit.models import AccessRecord, AuditEvent
from regie.cases.intake import NationalityIn
from regie.cases.models import Case
from regie.core.context import Actor
from regie.people.models import Person
from regie.support.choices import Programme, SupportStatus
from regie.support.models import SupportGrant
from regie.support.services import support_grant_apply, support_grant_refer
from regie.testing.fixtures import ApiClient, assert_problem, closed_case

pytestmark = [pytest.mark.django_db]

Api = Callable[[User | None], ApiClient]


def grants_path(case: Case, *rest: str) -> str:
    return "/".join([f"/cases/{case.pk}/support-grants", *rest])


def apply(user: User, case: Case, programme: str = Programme.BASIC, **kwargs: Any) -> SupportGrant:
    return support_grant_apply(actor=Actor(user=user), case=case, programme=programme, **kwargs)


# --- the document --------------------------------------------------------------------------------------------


def test_the_document_lists_the_support_operations(client: Client) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    paths = doc["paths"]
    assert "/cases/{caseId}/support-grants" in paths
    assert set(paths["/cases/{caseId}/support-grants"]) == {"get", "post"}
    for action in ("approval", "rejection", "referral", "delivery", "cancellation"):
        operation = paths[f"/cases/{{caseId}}/support-grants/{{grantId}}/{action}"]["post"]
        assert {"400", "401", "403", "404", "409", "500"} <= set(operation["responses"])
    assert {"/support-grants", "/support-amount-rules", "/partner-organisations", "/referred-cases"} <= set(paths)
    for path in paths:
        assert path == path.lower() or "{" in path  # kebab-case, camelCase only in parameters
    apply_body = doc["components"]["schemas"]["SupportApplyIn"]["properties"]
    assert set(apply_body) == {"programme", "personId", "decidedOn", "cashRequestedCents", "country"}


# --- applying and reading ------------------------------------------------------------------------------------


def test_apply_and_read(api_as: Api, case_manager: User, case: Case) -> None:
    api = api_as(case_manager)
    response = api.post(grants_path(case), {"programme": "reintegration", "cashRequestedCents": 20000})
    assert response.status_code == 201, response.content
    grant = response.json()
    assert grant["amountCents"] == 261500 and grant["cashCents"] == 20000 and grant["inKindCents"] == 241500
    assert grant["status"] == "awaiting_approval" and grant["personId"] == str(case.person_id)
    assert grant["decidedOn"] == "2026-11-28" and grant["version"] == 1 and "€ 2.615" in grant["explanation"]
    # The write answer holds no name; the read answers are recorded per person.
    assert not AccessRecord.objects.exists()
    listed = api.get(grants_path(case))
    assert listed.status_code == 200 and [g["id"] for g in listed.json()["items"]] == [grant["id"]]
    one = api.get(grants_path(case, grant["id"]))
    assert one.status_code == 200 and one.json()["explanation"] == grant["explanation"]
    records = AccessRecord.objects.filter(user=case_manager)
    assert records.count() == 2 and {r.purpose for r in records} == {AccessPurpose.API_READ}
    [event] = AuditEvent.objects.filter(event_type=EventType.SUPPORT_GRANT_APPLIED)
    assert event.channel == "api"


def test_apply_for_a_household_member(
    api_as: Api, case_manager: User, case: Case, child_of: Callable[..., Person]
) -> None:
    child = child_of(case)
    response = api_as(case_manager).post(grants_path(case), {"programme": "basic", "personId": str(child.pk)})
    assert response.status_code == 201 and response.json()["beneficiary"] == "minor"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"programme": "lottery"}, "programme"),
        ({}, "programme"),
        ({"programme": "basic", "cashRequestedCents": -5}, "cashRequestedCents"),
        ({"programme": "basic", "decidedOn": "2026-11-29"}, "decidedOn"),
        ({"programme": "basic", "decidedOn": "2014-12-31"}, "decidedOn"),
        ({"programme": "basic", "decidedOn": "0001-01-01"}, "decidedOn"),
        ({"programme": "basic", "country": "sy"}, "country"),
        ({"programme": "basic", "country": "IQ"}, "country"),
        ({"programme": "basic", "personId": "00000000-0000-4000-8000-000000000000"}, "personId"),
        ({"programme": "basic", "amountCents": 100000}, "amountCents"),  # amounts are never input
    ],
)
def test_bad_applications_name_the_field(
    api_as: Api, case_manager: User, case: Case, body: dict[str, Any], field: str
) -> None:
    problem = assert_problem(api_as(case_manager).post(grants_path(case), body), 400)
    assert field in [p["name"] for p in problem["invalidParams"]], problem
    assert not SupportGrant.objects.exists()


def test_support_three_years_ago_is_refused_with_the_reason(
    api_as: Api, case_manager: User, open_assigned: Callable[..., Case]
) -> None:
    from regie.cases.choices import Outcome

    earlier = open_assigned(v_number="9600000001")
    apply(case_manager, earlier, decided_on=dt.date(2023, 6, 1))
    closed_case(earlier, Outcome.FORCED, case_manager)
    case = open_assigned(v_number="9600000001")
    problem = assert_problem(api_as(case_manager).post(grants_path(case), {"programme": "basic"}), 400)
    assert problem["invalidParams"][0]["name"] == "personId"
    assert "ontving in de afgelopen 5 jaar al terugkeerondersteuning (op 01-06-2023)" in problem["detail"]


def test_other_teams_and_roles_do_not_see_the_case(
    api_as: Api, other_case_manager: User, analyst: User, partner: User, case: Case, case_manager: User
) -> None:
    grant = apply(case_manager, case)
    for user in (other_case_manager, analyst, partner):
        api = api_as(user)
        assert_problem(api.get(grants_path(case)), 404)
        assert_problem(api.post(grants_path(case), {"programme": "basic"}), 404)
        assert_problem(api.post(grants_path(case, str(grant.pk), "cancellation"), {"version": 1}), 404)
    assert api_as(other_case_manager).get("/support-grants").json()["items"] == []


def test_a_grant_of_another_case_is_not_found(
    api_as: Api, case_manager: User, case: Case, open_assigned: Callable[..., Case]
) -> None:
    other = open_assigned()
    grant = apply(case_manager, other)
    assert_problem(api_as(case_manager).get(grants_path(case, str(grant.pk))), 404)


def test_without_credentials(api_as: Api, case: Case) -> None:
    assert_problem(api_as(None).get(grants_path(case)), 401)


# --- approval, referral, delivery, cancellation ----------------------------------------------------------------


def test_the_team_lead_approves_with_the_version(api_as: Api, case_manager: User, team_lead: User, case: Case) -> None:
    grant = apply(case_manager, case, Programme.REINTEGRATION)
    path = grants_path(case, str(grant.pk), "approval")
    body = assert_problem(api_as(case_manager).post(path, {"version": 1}), 403)
    assert "teamleider" in body["detail"]
    assert_problem(api_as(team_lead).post(path, {"version": 7}), 409)
    response = api_as(team_lead).post(path, {"version": 1})
    assert response.status_code == 200 and response.json()["status"] == "approved"
    assert response.json()["decidedBy"] == team_lead.pk and response.json()["version"] == 2
    again = assert_problem(api_as(team_lead).post(path, {"version": 2}), 409)
    assert again["detail"].startswith("status: ")


def test_rejection(api_as: Api, case_manager: User, team_lead: User, case: Case) -> None:
    grant = apply(case_manager, case, Programme.REINTEGRATION)
    path = grants_path(case, str(grant.pk), "rejection")
    assert "reason" in str(assert_problem(api_as(team_lead).post(path, {"version": 1, "reason": " "}), 400))
    response = api_as(team_lead).post(path, {"version": 1, "reason": "Eerder ondersteund (synthetisch)."})
    assert response.status_code == 200 and response.json()["status"] == "rejected"
    assert response.json()["decisionReason"] == "Eerder ondersteund (synthetisch)."
    assert response.json()["appliedBy"] == case_manager.pk


def test_four_eyes_the_team_lead_who_applied_does_not_decide(
    api_as: Api, team_lead: User, make_user: Callable[..., User], team: Any, case: Case
) -> None:
    grant = apply(team_lead, case, Programme.REINTEGRATION)
    assert grant.status == "awaiting_approval"
    for step, body in (("approval", {"version": 1}), ("rejection", {"version": 1, "reason": "Nee."})):
        refused = assert_problem(api_as(team_lead).post(grants_path(case, str(grant.pk), step), body), 403)
        assert "Vier ogen" in refused["detail"]
    second_lead = make_user("team_lead", team)
    response = api_as(second_lead).post(grants_path(case, str(grant.pk), "approval"), {"version": 1})
    assert response.status_code == 200 and response.json()["decidedBy"] == second_lead.pk


def test_referral_delivery_and_cancellation(
    api_as: Api, case_manager: User, case: Case, iom: PartnerOrganisation, ngo: PartnerOrganisation
) -> None:
    api = api_as(case_manager)
    grant = apply(case_manager, case)
    partners = api.get("/partner-organisations").json()["items"]
    assert {p["kind"] for p in partners} == {"iom", "ngo"}
    refer = grants_path(case, str(grant.pk), "referral")
    problem = assert_problem(api.post(refer, {"partnerId": str(ngo.pk), "consentToShareOn": None, "version": 1}), 400)
    assert problem["invalidParams"][0]["name"] == "partnerId"
    problem = assert_problem(
        api.post(refer, {"partnerId": "00000000-0000-4000-8000-000000000000", "consentToShareOn": None, "version": 1}),
        400,
    )
    assert problem["invalidParams"][0]["name"] == "partnerId"
    response = api.post(refer, {"partnerId": str(iom.pk), "consentToShareOn": "2026-11-27", "version": 1})
    assert response.status_code == 200 and response.json()["partnerName"] == "IOM Test"
    deliver = grants_path(case, str(grant.pk), "delivery")
    problem = assert_problem(api.post(deliver, {"deliveredOn": "2026-11-01", "version": 2}), 400)
    assert problem["invalidParams"][0]["name"] == "deliveredOn"
    problem = assert_problem(
        api.post(deliver, {"deliveredOn": "2026-11-28", "deliveryNote": "x" * 301, "version": 2}), 400
    )
    assert problem["invalidParams"][0]["name"] == "deliveryNote"
    response = api.post(deliver, {"deliveredOn": "2026-11-28", "deliveryNote": "ticket", "version": 2})
    assert response.status_code == 200 and response.json()["status"] == "delivered"
    assert_problem(api.post(grants_path(case, str(grant.pk), "cancellation"), {"version": 3}), 409)
    other = apply(case_manager, case, Programme.REINTEGRATION)
    response = api.post(grants_path(case, str(other.pk), "cancellation"), {"version": 1})
    assert response.status_code == 200 and response.json()["status"] == SupportStatus.CANCELLED


def test_the_team_leads_list_of_approvals(api_as: Api, case_manager: User, team_lead: User, case: Case) -> None:
    waiting = apply(case_manager, case, Programme.REINTEGRATION)
    apply(case_manager, case)
    page = api_as(team_lead).get("/support-grants?status=awaiting_approval").json()
    assert [g["id"] for g in page["items"]] == [str(waiting.pk)] and page["totalItems"] == 1
    assert api_as(team_lead).get("/support-grants").json()["totalItems"] == 2
    assert_problem(api_as(team_lead).get("/support-grants?status=paid"), 400)


def test_the_amount_rules_are_public_reference_data(api_as: Api, analyst: User) -> None:
    items = api_as(analyst).get("/support-amount-rules").json()["items"]
    reintegration = [r for r in items if r["programme"] == "reintegration" and r["beneficiary"] == "adult"]
    assert {(r["amountCents"], r["validFrom"], r["validUntil"]) for r in reintegration} == {
        (180000, "2015-01-01", "2024-07-01"),
        (261500, "2024-07-01", None),
    }
    assert "SY" in reintegration[0]["countries"]


# --- partners -------------------------------------------------------------------------------------------------


def test_a_partner_sees_only_its_referrals_and_shared_data_only_with_consent(
    api_as: Api,
    case_manager: User,
    open_assigned: Callable[..., Case],
    iom: PartnerOrganisation,
    ngo: PartnerOrganisation,
    partner_of: Callable[[PartnerOrganisation], User],
) -> None:
    referred = open_assigned(medical_background="synthetische diagnose", nationalities=(NationalityIn("IQ"),))
    not_referred = open_assigned()
    grant = apply(case_manager, referred)
    apply(case_manager, not_referred)
    grant = support_grant_refer(
        actor=Actor(user=case_manager), grant=grant, partner=iom, consent_to_share_on=None, expected_version=None
    )
    iom_api, ngo_api = api_as(partner_of(iom)), api_as(partner_of(ngo))
    listed = iom_api.get("/referred-cases").json()
    assert [c["caseId"] for c in listed["items"]] == [str(referred.pk)]
    assert ngo_api.get("/referred-cases").json()["items"] == []
    assert_problem(ngo_api.get(f"/referred-cases/{referred.pk}"), 404)
    assert_problem(iom_api.get(f"/referred-cases/{not_referred.pk}"), 404)
    assert_problem(api_as(case_manager).get("/referred-cases"), 403)

    view = iom_api.get(f"/referred-cases/{referred.pk}")
    assert view.status_code == 200
    body = view.json()
    assert body["number"] == referred.number and body["grants"][0]["amountCents"] == 20000
    assert body["grants"][0]["person"] is None
    text = view.content.decode()
    assert "Haddad" not in text and referred.person.v_number not in text and "diagnose" not in text

    support_grant_refer(
        actor=Actor(user=case_manager),
        grant=grant,
        partner=iom,
        consent_to_share_on=dt.date(2026, 11, 28),
        expected_version=None,
    )
    view = iom_api.get(f"/referred-cases/{referred.pk}")
    person = view.json()["grants"][0]["person"]
    assert person["familyName"] == "Haddad" and person["nationalities"] == ["IQ"]
    assert person["languages"] == [{"code": "ar", "interpreterNeeded": True}]
    text = view.content.decode()
    assert "diagnose" not in text and referred.person.v_number not in text and "medical" not in text.lower()
    records = AccessRecord.objects.filter(user__partner_organisation=iom)
    assert records.count() == 2 and all(r.purpose == AccessPurpose.API_READ for r in records)
    # A partner reaches nothing of the case through the case endpoints.
    assert_problem(iom_api.get(grants_path(referred)), 404)


def test_problem_texts_never_echo_input(api_as: Api, case_manager: User, case: Case) -> None:
    body = json.dumps(
        assert_problem(api_as(case_manager).post(grants_path(case), {"programme": "basic", "country": "Haddad"}), 400)
    )
    assert "Haddad" not in body
