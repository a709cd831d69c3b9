"""Partners report back (issue 11, item 4): consent with its scope, reports on referred support, what the
case manager sees of them, withdrawal ending the partner's access, and tokens per organisation."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.test import Client

from regie.accounts.choices import Role
from regie.accounts.models import ApiToken, PartnerOrganisation, User
from regie.audit.choices import EventType
from regie.audit.models import AuditEvent
from regie.cases.models import Case
from regie.cases.selectors import case_timeline
from regie.core.context import Actor
from regie.core.errors import NotFound, PermissionDenied, ValidationFailed
from regie.support import domain
from regie.support.choices import ReportKind, SupportStatus
from regie.support.models import PartnerReport, SupportGrant
from regie.support.selectors import partner_case_view, support_dossier_section
from regie.support.services import (
    partner_report_record,
    support_consent_record,
    support_consent_withdraw,
    support_grant_apply,
    support_grant_refer,
)
from regie.testing.fixtures import ApiClient, assert_problem

pytestmark = [pytest.mark.django_db]

Api = Callable[[User | None], ApiClient]


def referred(case_manager: User, case: Case, partner: PartnerOrganisation, consent: bool = True) -> SupportGrant:
    grant = support_grant_apply(actor=Actor(user=case_manager), case=case, programme="basic")
    return support_grant_refer(
        actor=Actor(user=case_manager),
        grant=grant,
        partner=partner,
        consent_to_share_on=dt.date(2026, 11, 27) if consent else None,
        expected_version=None,
    )


def report(user: User, case: Case, **values: object) -> PartnerReport:
    values.setdefault("occurred_on", dt.date(2026, 11, 28))
    return partner_report_record(actor=Actor(user=user), case_id=case.pk, **values)  # type: ignore[arg-type]


# --- the rules ---------------------------------------------------------------------------------------------


def test_deliveries_stay_within_the_part_granted_in_their_form() -> None:
    facts = domain.ReferralFacts(
        decided_on=dt.date(2026, 11, 1), cash_cents=10000, in_kind_cents=5000, delivered={"cash": 8000}
    )
    today = dt.date(2026, 11, 28)
    ok = domain.ReportInput("support_delivered", today, support_form="cash", amount_cents=2000)
    assert domain.report_refusals(ok, facts, today) == []
    too_much = domain.ReportInput("support_delivered", today, support_form="cash", amount_cents=2001)
    assert [r.field for r in domain.report_refusals(too_much, facts, today)] == ["amount_cents"]
    no_form = domain.ReportInput("support_delivered", today, amount_cents=100)
    assert [r.field for r in domain.report_refusals(no_form, facts, today)] == ["support_form"]
    future = domain.ReportInput("counselling_held", today + dt.timedelta(days=1))
    assert [r.field for r in domain.report_refusals(future, facts, today)] == ["occurred_on"]


def test_follow_ups_come_six_and_twelve_months_after_the_departure() -> None:
    today = dt.date(2027, 12, 1)
    facts = domain.ReferralFacts(dt.date(2026, 11, 1), 100, 100, reported=("departure_confirmed",))
    early = domain.ReportInput("reintegration_6m", dt.date(2027, 5, 30), reintegration_status="on_track")
    departed = domain.ReferralFacts(**{**facts.__dict__, "departed_on": dt.date(2026, 12, 1)})
    assert [r.field for r in domain.report_refusals(early, departed, today)] == ["occurred_on"]
    on_time = domain.ReportInput("reintegration_6m", dt.date(2027, 5, 30), reintegration_status="on_track")
    assert (
        domain.report_refusals(
            on_time, domain.ReferralFacts(**{**departed.__dict__, "departed_on": dt.date(2026, 11, 29)}), today
        )
        == []
    )
    assert [r.field for r in domain.report_refusals(on_time, facts, today)] == ["kind"]  # no departure yet
    nxt = domain.next_report(
        ["counselling_held", "application_received", "support_delivered", "departure_confirmed"], dt.date(2026, 8, 31)
    )
    assert nxt == domain.NextReport("reintegration_6m", dt.date(2027, 2, 28))
    assert domain.next_report([k for k in ReportKind.values], None) is None


# --- the services ------------------------------------------------------------------------------------------


def test_a_partner_records_a_delivery_and_the_case_manager_sees_it(
    case: Case,
    case_manager: User,
    iom: PartnerOrganisation,
    partner_of: Callable[[PartnerOrganisation], User],
) -> None:
    grant = referred(case_manager, case, iom)
    partner = partner_of(iom)
    done = report(partner, case, kind="support_delivered", support_form="cash", amount_cents=grant.cash_cents)
    assert done.grant == grant and done.partner == iom and done.case == case
    grant.refresh_from_db()
    assert grant.status == SupportStatus.DELIVERED and grant.delivered_on == dt.date(2026, 11, 28)
    event = AuditEvent.objects.get(event_type=EventType.PARTNER_SUPPORT_DELIVERED)
    assert event.case_id == case.pk and event.new_values["amount_cents"] == grant.cash_cents
    assert event.actor == partner
    assert EventType.PARTNER_SUPPORT_DELIVERED in [e.event_type for e in case_timeline(user=case_manager, case=case)]
    section = support_dossier_section(user=case_manager, case=case)
    assert [r.kind for r in section["support_reports"]] == ["support_delivered"]
    # A second delivery in cash beyond the grant's cash part is refused, naming the amount.
    with pytest.raises(ValidationFailed) as refused:
        report(partner, case, kind="support_delivered", support_form="cash", amount_cents=1)
    assert set(refused.value.errors) == {"amount_cents"}


def test_a_report_on_support_not_referred_to_the_partner_is_refused_naming_the_field(
    make_case: Callable[..., Case],
    case: Case,
    case_manager: User,
    iom: PartnerOrganisation,
    partner_of: Callable[[PartnerOrganisation], User],
) -> None:
    ours = referred(case_manager, case, iom)
    partner = partner_of(iom)
    other = make_case()
    theirs = referred(case_manager, other, PartnerOrganisation.objects.create(name="IOM Elders", kind="iom"))
    # A case not referred to the partner: not found, whatever the body says.
    with pytest.raises(NotFound):
        report(partner, other, kind="counselling_held")
    # The partner's case, but support of another case (or partner) named: refused, naming grant_id.
    with pytest.raises(ValidationFailed) as refused:
        report(partner, case, kind="counselling_held", grant_id=theirs.pk)
    assert set(refused.value.errors) == {"grant_id"}
    with pytest.raises(PermissionDenied):
        report(case_manager, case, kind="counselling_held")
    report(partner, case, kind="counselling_held", grant_id=ours.pk)
    assert PartnerReport.objects.count() == 1


def test_consent_scope_limits_what_the_partner_sees_and_withdrawal_ends_access(
    case: Case,
    case_manager: User,
    iom: PartnerOrganisation,
    partner_of: Callable[[PartnerOrganisation], User],
) -> None:
    grant = referred(case_manager, case, iom, consent=False)
    partner = partner_of(iom)
    view = partner_case_view(actor=Actor(user=partner), case_id=case.pk)
    assert view.grants[0].person is None
    grant = support_consent_record(
        actor=Actor(user=case_manager),
        grant=grant,
        consent_to_share_on=dt.date(2026, 11, 28),
        consent_scope=["origin"],
        expected_version=grant.version,
    )
    shared = partner_case_view(actor=Actor(user=partner), case_id=case.pk).grants[0].person
    assert shared is not None and shared.family_name is None and shared.nationalities == ("SY",)
    assert AuditEvent.objects.filter(event_type=EventType.SUPPORT_CONSENT_RECORDED).exists()
    with pytest.raises(ValidationFailed) as refused:
        support_consent_record(
            actor=Actor(user=case_manager),
            grant=grant,
            consent_to_share_on=dt.date(2026, 11, 28),
            consent_scope=[],
            expected_version=grant.version,
        )
    assert set(refused.value.errors) == {"consent_scope"}

    report(partner, case, kind="counselling_held")
    support_consent_withdraw(
        actor=Actor(user=case_manager), grant=grant, withdrawn_on=dt.date(2026, 11, 28), expected_version=grant.version
    )
    with pytest.raises(NotFound):
        partner_case_view(actor=Actor(user=partner), case_id=case.pk)
    with pytest.raises(NotFound):
        report(partner, case, kind="application_received")
    # What the partner reported stays for the case manager.
    section = support_dossier_section(user=case_manager, case=case)
    assert [r.kind for r in section["support_reports"]] == ["counselling_held"]


# --- the API and the pages ---------------------------------------------------------------------------------


def test_the_api_for_partner_systems(
    api_as: Api,
    case: Case,
    case_manager: User,
    iom: PartnerOrganisation,
    ngo: PartnerOrganisation,
    partner_of: Callable[[PartnerOrganisation], User],
) -> None:
    grant = referred(case_manager, case, iom)
    iom_api = api_as(partner_of(iom))
    path = f"/referred-cases/{case.pk}/reports"
    created = iom_api.post(path, {"kind": "counselling_held", "occurredOn": "2026-11-28", "note": "gesprek"})
    assert created.status_code == 201, created.content
    assert created.json()["kind"] == "counselling_held" and created.json()["grantId"] == str(grant.pk)
    problem = assert_problem(
        iom_api.post(path, {"kind": "counselling_held", "occurredOn": "2026-11-28", "grantId": str(case.pk)}), 400
    )
    assert [p["name"] for p in problem["invalidParams"]] == ["grantId"]
    problem = assert_problem(
        iom_api.post(path, {"kind": "support_delivered", "occurredOn": "2026-11-28", "supportForm": "cash"}), 400
    )
    assert [p["name"] for p in problem["invalidParams"]] == ["amountCents"]
    assert_problem(api_as(partner_of(ngo)).post(path, {"kind": "counselling_held", "occurredOn": "2026-11-28"}), 404)
    body = iom_api.get(f"/referred-cases/{case.pk}").json()["grants"][0]
    assert body["consentScope"] == ["identity", "origin"]
    assert [r["kind"] for r in body["reports"]] == ["counselling_held"]
    assert body["nextReport"] == {"kind": "application_received", "dueOn": None}

    withdrawn = api_as(case_manager).post(
        f"/cases/{case.pk}/support-grants/{grant.pk}/consent-withdrawal",
        {"version": SupportGrant.objects.get().version, "withdrawnOn": "2026-11-28"},
    )
    assert withdrawn.status_code == 200, withdrawn.content
    assert withdrawn.json()["consentWithdrawnOn"] == "2026-11-28"
    assert_problem(iom_api.get(f"/referred-cases/{case.pk}"), 404)
    assert iom_api.get("/referred-cases").json()["items"] == []


def test_a_token_per_partner_organisation(
    api_as: Api, case: Case, case_manager: User, iom: PartnerOrganisation
) -> None:
    referred(case_manager, case, iom)
    out = io.StringIO()
    call_command("token", "create", "--partner", iom.name, "--name", "IOM koppeling", stdout=out)
    raw = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert token.user.role == Role.PARTNER and token.user.partner_organisation == iom
    assert not token.user.has_usable_password()
    response = Client().get(
        "/api/v1/referred-cases", HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 200 and response.json()["items"][0]["caseId"] == str(case.pk)
    call_command("token", "create", "--partner", iom.name, "--name", "tweede", stdout=io.StringIO())
    assert User.objects.filter(partner_organisation=iom, username__startswith="systeem-").count() == 1


def test_the_partner_records_a_report_on_its_page(
    case: Case, case_manager: User, iom: PartnerOrganisation, partner_of: Callable[[PartnerOrganisation], User]
) -> None:
    grant = referred(case_manager, case, iom)
    client = Client()
    client.force_login(partner_of(iom))
    url = f"/partner/dossiers/{case.pk}/terugmelden/"
    data = {
        "terugmelding-grant": str(grant.pk),
        "terugmelding-kind": "support_delivered",
        "terugmelding-occurred_on": "2026-11-28",
        "terugmelding-support_form": "cash",
        "terugmelding-amount": "999999",
    }
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "boven het toegekende deel" in refused.content.decode()
    data["terugmelding-amount"] = "10"
    assert client.post(url, data).status_code == 302
    page = client.get(f"/partner/dossiers/{case.pk}/").content.decode()
    assert "Ondersteuning verstrekt" in page and "diagnose" not in page
    manager = Client()
    manager.force_login(case_manager)
    dossier = manager.get(f"/dossiers/{case.pk}/").content.decode()
    assert "Terugmeldingen van partners" in dossier and "Partner: ondersteuning verstrekt" in dossier


def test_the_case_manager_records_and_withdraws_consent_on_the_grant_page(
    case: Case, case_manager: User, iom: PartnerOrganisation, partner_of: Callable[[PartnerOrganisation], User]
) -> None:
    grant = referred(case_manager, case, iom, consent=False)
    client = Client()
    client.force_login(case_manager)
    base = f"/dossiers/{case.pk}/ondersteuning/{grant.pk}/"
    assert "Toestemming vastleggen" in client.get(base).content.decode()
    nothing = client.post(
        f"{base}toestemming/", {"toestemming-version": grant.version, "toestemming-consent_to_share_on": "2026-11-28"}
    )
    assert nothing.status_code == 400 and "Kies wat de persoon toestemt te delen." in nothing.content.decode()
    given = client.post(
        f"{base}toestemming/",
        {
            "toestemming-version": grant.version,
            "toestemming-consent_to_share_on": "2026-11-28",
            "toestemming-share_identity": "on",
        },
    )
    assert given.status_code == 302
    grant.refresh_from_db()
    assert grant.share_identity and not grant.share_origin and grant.consent_to_share_on == dt.date(2026, 11, 28)
    withdrawn = client.post(
        f"{base}toestemming-intrekken/", {"intrekken-version": grant.version, "intrekken-withdrawn_on": "2026-11-28"}
    )
    assert withdrawn.status_code == 302
    partner = Client()
    partner.force_login(partner_of(iom))
    assert partner.get(f"/partner/dossiers/{case.pk}/").status_code == 404
    assert case.number not in partner.get("/partner/dossiers/").content.decode()
