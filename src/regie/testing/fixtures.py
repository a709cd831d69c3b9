"""The suite's shared fixtures, a pytest plugin (`pytest_plugins` in src/regie/conftest.py).

- users of every role (ordinary users, never superusers), in a team or another team;
- a frozen clock: `now` (override it in a module or an app's conftest to move the clock) and `frozen`;
- dossiers opened and assigned through the services: `make_case(**intake overrides)`;
- clients: `web_as(user)` (logged in) and `api_as(user)` (bearer token), and `open_case(by, ...)`.
App `conftest.py` files keep only what is truly local.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from regie.accounts.choices import Role
from regie.accounts.models import Team, User
from regie.cases.intake import IntakeData
from regie.cases.models import Case
from regie.core import clock
from regie.core.context import Actor, Channel

from .factories import IntakeDataFactory, PartnerOrganisationFactory, TeamFactory, UserFactory

# The default "now" of a test that freezes the clock: a Saturday morning in Amsterdam.
DEFAULT_NOW = dt.datetime(2026, 11, 28, 10, 0)


# -- people --------------------------------------------------------------------------------------------
@pytest.fixture
def system() -> Actor:
    return Actor(user=None, channel=Channel.CLI)


@pytest.fixture
def team(db: Any) -> Team:
    return TeamFactory.create(name="Team Noord")


@pytest.fixture
def other_team(db: Any) -> Team:
    return TeamFactory.create(name="Team Zuid")


def make_user_of(role: str, *teams: Team, **extra: Any) -> User:
    user: User = UserFactory.create(role=role, teams=list(teams), **extra)
    return user


@pytest.fixture
def make_user(db: Any) -> Callable[..., User]:
    """make_user(role, *teams, **fields): another user."""
    return make_user_of


@pytest.fixture
def case_manager(team: Team) -> User:
    return make_user_of(Role.CASE_MANAGER, team)


@pytest.fixture
def other_case_manager(other_team: Team) -> User:
    return make_user_of(Role.CASE_MANAGER, other_team)


@pytest.fixture
def team_lead(team: Team) -> User:
    return make_user_of(Role.TEAM_LEAD, team)


@pytest.fixture
def analyst(db: Any) -> User:
    return make_user_of(Role.ANALYST)


@pytest.fixture
def privacy_officer(db: Any) -> User:
    return make_user_of(Role.PRIVACY_OFFICER)


@pytest.fixture
def administrator(db: Any) -> User:
    return make_user_of(Role.ADMINISTRATOR)


@pytest.fixture
def partner(db: Any) -> User:
    return make_user_of(Role.PARTNER, partner_organisation=PartnerOrganisationFactory.create())


@pytest.fixture
def system_user(db: Any) -> User:
    return make_user_of(Role.SYSTEM)


# -- the clock -----------------------------------------------------------------------------------------
@pytest.fixture
def now(request: pytest.FixtureRequest) -> dt.datetime:
    """The moment `frozen` freezes the clock at: the module's or test's `pytest.mark.frozen_at(moment)`,
    else DEFAULT_NOW; a conftest may override the fixture to move it for a whole folder."""
    marker = request.node.get_closest_marker("frozen_at")
    moment: dt.datetime = marker.args[0] if marker else DEFAULT_NOW
    return moment


@pytest.fixture(autouse=True)
def _frozen_at(request: pytest.FixtureRequest) -> None:
    """`pytest.mark.frozen_at(moment)` freezes the clock for every test it marks."""
    if request.node.get_closest_marker("frozen_at") is not None:
        request.getfixturevalue("frozen")


@pytest.fixture
def frozen(now: dt.datetime) -> Iterator[dt.datetime]:
    """The application's clock stands still at `now` for the test (`pytest.mark.usefixtures("frozen")`)."""
    with clock.frozen(now):
        yield now


def clock_at(moment: dt.datetime) -> tuple[Any, Any]:
    """For a folder's conftest: `now, _frozen_clock = clock_at(NOW)` freezes every test of the folder at
    `moment` (a module does it with `pytest.mark.frozen_at(moment)`)."""

    @pytest.fixture(name="now")
    def now_at() -> dt.datetime:
        return moment

    @pytest.fixture(name="_frozen_clock", autouse=True)
    def frozen_clock(frozen: dt.datetime) -> None:
        """Every test of the folder runs at `moment`."""

    return now_at, frozen_clock


# -- dossiers --------------------------------------------------------------------------------------------
AMSTERDAM = dt.timezone(dt.timedelta(hours=1))  # winter time, as the suite's default day


def plan_forced_flight(by: User, case: Case, departs_at: dt.datetime) -> Any:
    """A forced departure of `case` on a flight from Schiphol at `departs_at` (its 48-hour check pending)."""
    from regie.departures.services import departure_plan

    return departure_plan(
        actor=Actor(user=by),
        case=case,
        kind="forced",
        departs_at=departs_at,
        flight_number="KL1234",
        from_airport="AMS",
        to_airport="DAM",
        destination_country="SY",
        escort="kmar",
    )


def proposer_for(lead: User, case: Case) -> User:
    """Who proposes a detention that `lead` starts (four eyes): the case's case manager, else another
    active case manager or team lead of the case's team."""
    if case.assigned_to_id and case.assigned_to_id != lead.pk:
        return case.assigned_to  # type: ignore[return-value]
    other = (
        User.objects.filter(is_active=True, teams=case.team_id, role__in=["case_manager", "team_lead"])
        .exclude(pk=lead.pk)
        .order_by("pk")
        .first()
    )
    assert other is not None, "a detention needs a proposer other than the lead who starts it"
    return other


def start_detention(lead: User, case: Case, starts_on: dt.date) -> Any:
    """Return detention (art. 59 Vw) of `case` from `starts_on`, started by its team lead on the proposal
    of the case's case manager (`proposer_for`)."""
    from regie.measures.services import detention_start

    return detention_start(
        actor=Actor(user=lead),
        case=case,
        basis="art59",
        place="Detentiecentrum Rotterdam",
        grounds="Risico op onttrekking (synthetisch).",
        starts_on=starts_on,
        proposed_by=proposer_for(lead, case),
    )


def intake_data(**overrides: Any) -> IntakeData:
    """A valid intake with unique V-number and source reference; override any field."""
    data: IntakeData = IntakeDataFactory.build(**overrides)
    return data


@pytest.fixture
def make_intake() -> Callable[..., IntakeData]:
    return intake_data


@pytest.fixture
def open_case(db: Any) -> Callable[..., Case]:
    """open_case(by, **intake overrides): a case opened by `by` (case manager or team lead of its team)."""
    from regie.cases.services import case_intake

    def make(by: User, **overrides: Any) -> Case:
        return case_intake(actor=Actor(user=by, channel=Channel.WEB), data=intake_data(**overrides)).case

    return make


@pytest.fixture
def make_case(case_manager: User, team_lead: User, team: Team) -> Callable[..., Case]:
    """make_case(**intake overrides): a case opened by the case manager and assigned to them by the team
    lead (in phase 'in progress'), as the day-to-day work starts from."""
    from regie.cases.services import case_assign, case_intake

    def make(**overrides: Any) -> Case:
        opened = case_intake(actor=Actor(user=case_manager), data=intake_data(**overrides)).case
        return case_assign(
            actor=Actor(user=team_lead),
            case=opened,
            team=team,
            assigned_to=case_manager,
            expected_version=opened.version,
        )

    return make


def closed_case(case: Case, outcome: str, by: User) -> Case:
    """`case` closed with `outcome` as history for a test's setup: through the closing primitive, without
    the outcome's conditions (tests of those conditions go through the departures services)."""
    from django.db import transaction

    from regie.cases.closing import close_case
    from regie.cases.models import Case as CaseModel

    with transaction.atomic():
        locked = CaseModel.objects.select_for_update().get(pk=case.pk)
        return close_case(actor=Actor(user=by), case=locked, outcome=outcome)


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    """An API error answer: `status`, a problem document (RFC 9457) and the API version header."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response["API-Version"] == "1.0.0"
    body: dict[str, Any] = json.loads(response.content)
    assert {"type", "title", "status", "detail", "instance"} <= set(body) and body["status"] == status
    return body


# -- clients ----------------------------------------------------------------------------------------------
def logged_in(user: User) -> Client:
    """A test client logged in as `user` (for module-level helpers; tests take the `web_as` fixture)."""
    client = Client()
    client.force_login(user)
    return client


def case_url(name: str, case: Any, **kwargs: Any) -> str:
    """The address of a page or action of `case`: `case_url("removability:page", case)`."""
    return reverse(name, kwargs={"case_id": case.pk, **kwargs})


@pytest.fixture
def web_as(db: Any) -> Callable[[User], Client]:
    """web_as(user): a test client logged in as `user`."""
    return logged_in


class ApiClient:
    """Calls /api/v1 with a bearer token (or none) and JSON bodies."""

    def __init__(self, token: str | None = None, **headers: str) -> None:
        self.client = Client()
        self.headers = dict(headers)
        if token:
            self.headers["Authorization"] = f"Bearer {token}"

    def request(self, method: str, path: str, body: Any = None, **headers: str) -> Any:
        kwargs: dict[str, Any] = {"headers": {**self.headers, **headers}}
        if body is not None and method != "GET":
            kwargs["data"] = json.dumps(body)
            kwargs["content_type"] = "application/json"
        return getattr(self.client, method.lower())("/api/v1" + path, **kwargs)

    def get(self, path: str, **headers: str) -> Any:
        return self.request("GET", path, **headers)

    def post(self, path: str, body: Any = None, **headers: str) -> Any:
        return self.request("POST", path, body, **headers)

    def patch(self, path: str, body: Any = None, **headers: str) -> Any:
        return self.request("PATCH", path, body, **headers)

    def put(self, path: str, body: Any = None, **headers: str) -> Any:
        return self.request("PUT", path, body, **headers)

    def delete(self, path: str, **headers: str) -> Any:
        return self.request("DELETE", path, **headers)


@pytest.fixture
def issue_token(db: Any) -> Callable[[User], str]:
    from regie.accounts.services import api_token_issue
    from regie.core.context import system_actor

    def issue(user: User) -> str:
        return api_token_issue(actor=system_actor(Channel.CLI), user=user, name=f"test {user.username}")

    return issue


@pytest.fixture
def api_as(issue_token: Callable[[User], str]) -> Callable[..., ApiClient]:
    """api_as(user, **headers): an API client with a token of `user` (none: unauthenticated)."""

    def make(user: User | None = None, **headers: str) -> ApiClient:
        return ApiClient(issue_token(user) if user is not None else None, **headers)

    return make


# -- the second factor ---------------------------------------------------------------------------------
@pytest.fixture
def mfa_required(settings: Any) -> None:
    """The second factor switched on (the suite runs with it off: src/regie/conftest.py)."""
    settings.MFA_REQUIRED = True
