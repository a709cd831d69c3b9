"""The dossier can be corrected after intake: who the person is (names, date of birth, sex, place of
birth) and an established nationality, through services with audit records, optimistic locking and the
case's role checks, on the API and the web."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from regie.accounts.models import User
from regie.audit.choices import EventType
from regie.audit.models import AuditEvent
from regie.cases.models import Case
from regie.cases.selectors import person_search
from regie.cases.services import nationality_establish, person_correct
from regie.core.context import Actor
from regie.core.errors import ConcurrentEdit, NotFound, PermissionDenied, ValidationFailed
from regie.people.choices import NameKind, NationalityStatus
from regie.people.models import Nationality, PersonName
from regie.testing.fixtures import ApiClient, assert_problem, closed_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def case(make_case: Callable[..., Case]) -> Case:
    return make_case(given_names="Selam", family_name="Tesfay", birth_year=1990, birth_month=None, birth_day=None)


def test_a_corrected_name_keeps_the_earlier_spelling_findable(case: Case, case_manager: User) -> None:
    person = person_correct(
        actor=Actor(user=case_manager),
        case=case,
        expected_version=case.person.version,
        family_name="Tesfaye ",
        birth_month=7,
        sex="F",
    )
    assert (person.family_name, person.birth_month, person.sex, person.version) == ("Tesfaye", 7, "F", 2)
    names = {(n.kind, n.family_name) for n in PersonName.objects.filter(person=person)}
    assert names == {(NameKind.PRIMARY, "Tesfaye"), (NameKind.VARIANT, "Tesfay")}
    (record,) = AuditEvent.objects.filter(event_type=EventType.PERSON_UPDATED, person_id=person.pk)
    assert record.old_values == {"family_name": "Tesfay", "birth_month": None, "sex": "U"}
    assert record.new_values == {"family_name": "Tesfaye", "birth_month": 7, "sex": "F"}
    assert record.case_id == case.pk
    # Both spellings find the person.
    for name in ("Tesfay", "Tesfaye"):
        hits = person_search(user=case_manager, query=f"Selam {name}")
        assert case.pk in {h.case.pk for h in hits}, name


def test_refusals_name_the_field_and_change_nothing(
    case: Case, case_manager: User, other_case_manager: User, team_lead: User
) -> None:
    actor, version = Actor(user=case_manager), case.person.version
    with pytest.raises(ValidationFailed) as bad:
        person_correct(
            actor=actor, case=case, expected_version=version, family_name=" ", birth_year=2026, birth_month=12
        )
    assert set(bad.value.errors) == {"family_name", "birth_month"}
    with pytest.raises(ValidationFailed) as not_here:
        person_correct(actor=actor, case=case, expected_version=version, v_number="1234567890")
    assert set(not_here.value.errors) == {"v_number"}
    with pytest.raises((PermissionDenied, NotFound)):
        person_correct(actor=Actor(user=other_case_manager), case=case, expected_version=version, sex="M")
    person_correct(actor=Actor(user=team_lead), case=case, expected_version=version, place_of_birth="Asmara")
    with pytest.raises(ConcurrentEdit):  # the case manager still holds the version read before
        person_correct(actor=actor, case=case, expected_version=version, place_of_birth="Keren")
    closed = closed_case(case, "unsupervised", case_manager)
    with pytest.raises(PermissionDenied):
        person_correct(actor=actor, case=closed, expected_version=version + 1, sex="M")
    assert AuditEvent.objects.filter(event_type=EventType.PERSON_UPDATED).count() == 1


def test_a_claimed_nationality_is_established_with_source_and_date(
    case: Case, case_manager: User, now: dt.datetime
) -> None:
    claimed = Nationality.objects.create(person=case.person, country="ER", status=NationalityStatus.CLAIMED)
    actor = Actor(user=case_manager)
    with pytest.raises(ValidationFailed) as bad:
        nationality_establish(
            actor=actor, case=case, nationality_id=claimed.pk, source="", established_on=now.date() + dt.timedelta(1)
        )
    assert set(bad.value.errors) == {"source", "established_on"}
    done = nationality_establish(
        actor=actor, case=case, nationality_id=claimed.pk, source="Paspoort (synthetisch)", established_on=now.date()
    )
    assert done.status == NationalityStatus.ESTABLISHED and done.established_on == now.date()
    (record,) = AuditEvent.objects.filter(event_type=EventType.NATIONALITY_ESTABLISHED)
    assert record.old_values["status"] == "claimed" and record.new_values["source"] == "Paspoort (synthetisch)"


def test_the_api_corrects_and_names_the_field(case: Case, case_manager: User, api_as: Callable[..., ApiClient]) -> None:
    api = api_as(case_manager)
    url = f"/cases/{case.pk}/person"
    version = api.get(f"/cases/{case.pk}").json()["person"]["version"]
    assert_problem(api.patch(url, {"version": version}), 400)  # nothing to correct
    future = assert_problem(api.patch(url, {"version": version, "birthYear": 2026, "birthMonth": 12}), 400)
    assert future["detail"].startswith("birthMonth: ")
    done = api.patch(url, {"version": version, "placeOfBirth": "Asmara", "givenNames": "Selam Hagos"})
    assert done.status_code == 200, done.content
    body = done.json()
    assert body["placeOfBirth"] == "Asmara" and body["version"] == version + 1
    assert {"kind": "variant", "givenNames": "Selam", "familyName": "Tesfay"} in body["names"]
    stale = assert_problem(api.patch(url, {"version": version, "sex": "M"}), 409)
    assert stale["detail"].startswith("version: ")
    claimed = Nationality.objects.create(person=case.person, country="ER", status=NationalityStatus.CLAIMED)
    establish = f"/cases/{case.pk}/person/nationalities/{claimed.pk}/establishment"
    ok = api.post(establish, {"source": "Ambassade (synthetisch)", "establishedOn": "2026-11-27"})
    assert ok.status_code == 200, ok.content
    assert {"id": str(claimed.pk), "country": "ER", "status": "established"}.items() <= next(
        n for n in ok.json()["nationalities"] if n["country"] == "ER"
    ).items()
    assert_problem(api.post(establish, {"source": "x", "establishedOn": "2026-11-27"}), 409)


def test_the_web_form_corrects_the_person(case: Case, case_manager: User, web_as: Callable[[User], Client]) -> None:
    client = web_as(case_manager)
    url = reverse("cases:person_correct", args=[case.pk])
    page = client.get(reverse("cases:dossier", args=[case.pk]))
    assert url in page.content.decode()
    refused = client.post(url, {"persoon-version": case.person.version, "persoon-family_name": ""})
    assert refused.status_code == 400 and "family_name" in refused.content.decode()
    done = client.post(
        url,
        {
            "persoon-version": case.person.version,
            "persoon-given_names": "Selam",
            "persoon-family_name": "Tesfaye",
            "persoon-birth_year": "1990",
            "persoon-birth_month": "",
            "persoon-birth_day": "",
            "persoon-place_of_birth": "",
            "persoon-sex": "U",
        },
    )
    assert done.status_code == 302
    case.person.refresh_from_db()
    assert case.person.family_name == "Tesfaye"


def test_languages_circumstances_and_medical_background_through_the_api(
    case: Case,
    case_manager: User,
    make_user: Callable[..., User],
    team: object,
    api_as: Callable[..., ApiClient],
) -> None:
    api = api_as(case_manager)
    put = api.put(f"/cases/{case.pk}/person/languages/ti", {"interpreterNeeded": True})
    assert put.status_code == 200 and put.json() == {"code": "ti", "interpreterNeeded": True}
    assert assert_problem(api.put(f"/cases/{case.pk}/person/languages/zz1", {"interpreterNeeded": False}), 400)[
        "detail"
    ].startswith("code: ")
    assert api.delete(f"/cases/{case.pk}/person/languages/ti").status_code == 204
    assert_problem(api.delete(f"/cases/{case.pk}/person/languages/ti"), 404)
    events = [e.event_type for e in AuditEvent.objects.filter(case_id=case.pk).order_by("id")]
    assert events[-2:] == [EventType.LANGUAGE_RECORDED, EventType.LANGUAGE_REMOVED]

    circumstance = api.put(f"/cases/{case.pk}/special-circumstances/medical", {"description": "Diabetes (synthetisch)"})
    assert circumstance.status_code == 200 and circumstance.json()["kind"] == "medical"
    version = api.get(f"/cases/{case.pk}").json()["version"]
    medical = api.put(f"/cases/{case.pk}/medical-background", {"version": version, "text": "Insuline (synthetisch)"})
    assert medical.status_code == 200 and medical.json()["version"] == version + 1
    assert_problem(api.put(f"/cases/{case.pk}/medical-background", {"version": version, "text": "x"}), 409)
    # A colleague of the team who is not assigned may not touch special-category data.
    colleague = make_user("case_manager", team)
    assert_problem(api_as(colleague).put(f"/cases/{case.pk}/special-circumstances/medical", {}), 403)
    assert api.delete(f"/cases/{case.pk}/special-circumstances/medical").status_code == 204
    removed = AuditEvent.objects.get(event_type=EventType.SPECIAL_CIRCUMSTANCE_REMOVED)
    assert removed.old_values == {"kind": "medical", "description": "[beschermd]"}
    assert "Diabetes" not in str(removed.old_values) and "Insuline" not in str(
        list(AuditEvent.objects.filter(case_id=case.pk).values_list("new_values", flat=True))
    )


def test_a_team_lead_decides_on_a_possible_duplicate_once(
    case: Case, make_case: Callable[..., Case], case_manager: User, team_lead: User, api_as: Callable[..., ApiClient]
) -> None:
    from regie.people.models import DuplicateCandidate

    other = make_case()
    candidate = DuplicateCandidate.objects.create(person=case.person, other=other.person, reason="Zelfde naam (test)")
    dossier = api_as(case_manager).get(f"/cases/{case.pk}").json()
    assert dossier["duplicateCandidates"] == [
        {"id": str(candidate.pk), "reason": "Zelfde naam (test)", "status": "open"}
    ]
    url = f"/cases/{case.pk}/duplicate-candidates/{candidate.pk}/resolution"
    assert_problem(api_as(case_manager).post(url, {"status": "same"}), 403)
    decided = api_as(team_lead).post(url, {"status": "different"})
    assert decided.status_code == 200 and decided.json()["status"] == "different"
    assert_problem(api_as(team_lead).post(url, {"status": "same"}), 409)
    (record,) = AuditEvent.objects.filter(event_type=EventType.DUPLICATE_RESOLVED)
    assert record.actor == team_lead and record.new_values == {"status": "different"}


def test_the_web_dossier_records_languages_special_categories_and_duplicate_decisions(
    case: Case,
    make_case: Callable[..., Case],
    case_manager: User,
    team_lead: User,
    web_as: Callable[[User], Client],
) -> None:
    from regie.people.models import DuplicateCandidate, Language

    client = web_as(case_manager)
    url = lambda name, **kw: reverse(f"cases:{name}", kwargs={"case_id": case.pk, **kw})  # noqa: E731
    assert client.post(url("language_set"), {"taal-code": "ti", "taal-interpreter_needed": "on"}).status_code == 302
    assert Language.objects.get(person=case.person, code="ti").interpreter_needed
    bad = client.post(url("language_set"), {"taal-code": "zz"})
    # Chosen by name from a list: anything else is refused by the form itself (the API gets the ISO rule).
    assert bad.status_code == 400 and "geldige keuze" in bad.content.decode()
    assert client.post(url("language_remove", code="ti")).status_code == 302
    assert not Language.objects.filter(person=case.person, code="ti").exists()

    circumstance = {"omstandigheid-kind": "trafficking", "omstandigheid-description": "Signalen (synthetisch)"}
    assert client.post(url("circumstance_set"), circumstance).status_code == 302
    case.refresh_from_db()
    medical = {"medisch-version": case.version, "medisch-text": "Astma (synthetisch)"}
    assert client.post(url("medical_background"), medical).status_code == 302
    case.refresh_from_db()
    assert case.medical_background == "Astma (synthetisch)"
    assert client.post(url("circumstance_remove", kind="trafficking")).status_code == 302
    assert not case.special_circumstances.exists()

    other = make_case()
    candidate = DuplicateCandidate.objects.create(person=case.person, other=other.person, reason="Zelfde naam (test)")
    lead = web_as(team_lead)
    page = lead.get(reverse("cases:dossier", args=[case.pk])).content.decode()
    assert url("duplicate_resolve", candidate_id=candidate.pk) in page and "Zelfde naam (test)" in page
    posted = lead.post(url("duplicate_resolve", candidate_id=candidate.pk), {f"dubbel-{candidate.pk}-status": "same"})
    assert posted.status_code == 302
    candidate.refresh_from_db()
    assert candidate.status == "same" and candidate.decided_by == team_lead


def test_family_links_only_to_persons_the_caller_may_see(
    case: Case,
    make_case: Callable[..., Case],
    open_case: Callable[..., Case],
    case_manager: User,
    other_case_manager: User,
    api_as: Callable[..., ApiClient],
    web_as: Callable[[User], Client],
) -> None:
    from regie.people.models import FamilyLink

    child = make_case(v_number="5000000001", given_names="Amanuel", family_name="Tesfay", birth_year=2015)
    elsewhere = open_case(other_case_manager, v_number="5000000002")
    api = api_as(case_manager)
    url = f"/cases/{case.pk}/person/family-links"
    # Another team's person: the same answer as a number that does not exist.
    hidden = assert_problem(api.post(url, {"relativeVNumber": "5000000002", "relation": "child"}), 400)
    missing = assert_problem(api.post(url, {"relativeVNumber": "5999999999", "relation": "child"}), 400)
    assert hidden["detail"] == missing["detail"] and hidden["detail"].startswith("relativeVNumber: ")
    assert not FamilyLink.objects.filter(relative=elsewhere.person).exists()
    made = api.post(url, {"relativeVNumber": "5000000001", "relation": "child"})
    assert made.status_code == 201 and made.json() == {"relativeId": str(child.person_id), "relation": "child"}
    back = FamilyLink.objects.get(person=child.person, relative=case.person)
    assert back.relation == "parent"
    assert api.get(f"/cases/{case.pk}").json()["family"] == [{"relativeId": str(child.person_id), "relation": "child"}]
    page = web_as(case_manager).get(reverse("cases:dossier", args=[case.pk])).content.decode()
    assert "Amanuel" in page
    assert api.delete(f"{url}/{child.person_id}").status_code == 204
    assert not FamilyLink.objects.filter(person__in=[case.person, child.person]).exists()
    assert [e.event_type for e in AuditEvent.objects.filter(person_id=case.person_id).order_by("id")][-2:] == [
        EventType.FAMILY_LINKED,
        EventType.FAMILY_UNLINKED,
    ]
    web = web_as(case_manager).post(
        reverse("cases:family_link_add", args=[case.pk]),
        {"familie-relative_v_number": "5000000001", "familie-relation": "child"},
    )
    assert web.status_code == 302 and FamilyLink.objects.filter(person=case.person, relative=child.person).exists()
