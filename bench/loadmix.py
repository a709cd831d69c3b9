"""The requests of the load benchmark's users, as plain data: no locust here (bench/locustfile.py sends them).

Each builder takes what the user knows (its cases, names, the CSRF token) and a random generator, and
returns a `Call`: method, path, the name locust groups it under, form data or JSON, the statuses that
count as success. Kept apart from locust so a test can check the paths against Regie's URL patterns
without importing locust (gevent patches the standard library of the process that imports it).
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
import zoneinfo
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

API = "/api/v1"
LOGIN = "/inloggen/"
OPEN_PHASES = ("intake", "in_progress", "departure_prepared", "on_hold")
CHECKED_CIRCUMSTANCES = ("medical", "trafficking", "minors", "vulnerability")
TIME_ZONE = zoneinfo.ZoneInfo("Europe/Amsterdam")


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    name: str
    data: dict[str, Any] | None = None  # a form (application/x-www-form-urlencoded)
    json: dict[str, Any] | None = None
    api: bool = False  # sent with the user's API token instead of the browser session
    ok: tuple[int, ...] = (200,)


@dataclass
class Worker:
    """What one simulated person knows: filled at the start from the benchmark's accounts file and the API."""

    username: str
    names: Sequence[str]  # realistic names to search for, from the person's own team
    countries: Sequence[str]  # nationalities present in the data, for the filtered caseload
    case_ids: list[str] = field(default_factory=list)  # open cases the person may see (from the API)
    csrf: str = ""


def login(username: str, password: str, csrf: str) -> Call:
    return Call(
        "POST",
        LOGIN,
        "login",
        data={"username": username, "password": password, "csrfmiddlewaretoken": csrf},
        ok=(302,),
    )


def cases_for_start(page_size: int = 100) -> Call:
    return Call("GET", f"{API}/cases?pageSize={page_size}", "api: list (start)", api=True)


# -- the read mix ------------------------------------------------------------------------------------------
def caseload(w: Worker, rng: random.Random) -> Call:
    return Call("GET", "/dossiers/", "caseload: first page")


def caseload_filtered(w: Worker, rng: random.Random) -> Call:
    if w.countries and rng.random() < 0.5:
        query = f"toewijzing=alle&nationaliteit={rng.choice(w.countries)}"
    else:
        query = f"toewijzing=alle&fase={rng.choice(OPEN_PHASES)}"
    return Call("GET", f"/dossiers/?{query}", "caseload: filtered")


def dossier(w: Worker, rng: random.Random) -> Call:
    return Call("GET", f"/dossiers/{rng.choice(w.case_ids)}/", "dossier")


def search(w: Worker, rng: random.Random) -> Call:
    """Search is a POST (names stay out of URLs)."""
    return Call(
        "POST", "/dossiers/zoeken/", "search by name", data={"q": rng.choice(w.names), "csrfmiddlewaretoken": w.csrf}
    )


def worklist(w: Worker, rng: random.Random) -> Call:
    return Call("GET", "/werklijst/", "worklist")


def api_list(w: Worker, rng: random.Random) -> Call:
    return Call("GET", f"{API}/cases?page={rng.randint(1, 3)}&pageSize=25", "api: list", api=True)


def api_detail(w: Worker, rng: random.Random) -> Call:
    return Call("GET", f"{API}/cases/{rng.choice(w.case_ids)}", "api: dossier", api=True)


# -- the write mix -----------------------------------------------------------------------------------------
def note(w: Worker, rng: random.Random) -> Call:
    text = f"Belafspraak bevestigd (loadtest {uuid.uuid4().hex[:8]})."
    return Call(
        "POST",
        f"/dossiers/{rng.choice(w.case_ids)}/notities/",
        "write: note",
        data={"notitie-text": text, "csrfmiddlewaretoken": w.csrf},
        ok=(302,),
    )


def interview(w: Worker, rng: random.Random, now: dt.datetime | None = None) -> Call:
    """An interview that was not planned, recorded with its report and every circumstance checked."""
    held = (now or dt.datetime.now(TIME_ZONE)) - dt.timedelta(hours=1)
    data: dict[str, Any] = {
        "held_at": held.astimezone(TIME_ZONE).strftime("%Y-%m-%dT%H:%M"),
        "participants": "regievoerder, tolk",
        "summary": "Gesprek over terugkeer en ondersteuning (loadtest, synthetisch).",
        "stance": rng.choice(["cooperates", "partly", "does_not"]),
        "place": "Ter Apel",
        "interpreter_language": "TI",
        "interpreter_name": "",
        "csrfmiddlewaretoken": w.csrf,
    }
    for circumstance in CHECKED_CIRCUMSTANCES:
        data[f"{circumstance}_result"] = "not_present"
        data[f"{circumstance}_note"] = ""
    return Call(
        "POST",
        f"/dossiers/{rng.choice(w.case_ids)}/vertrekgesprekken/vastleggen/",
        "write: interview",
        data=data,
        ok=(302,),
    )


def intake(w: Worker, rng: random.Random) -> Call:
    """A delivered dossier through the API, with a fresh V-number and source reference (always a new case)."""
    reference = uuid.uuid4().hex
    family, given = rng.choice([("Tesfaye", "Selam"), ("Haidari", "Ahmad"), ("Okafor", "Chidi"), ("Berisha", "Arben")])
    body: dict[str, Any] = {
        "vNumber": str(rng.randrange(9_000_000_000, 10_000_000_000)),
        "familyName": family,
        "givenNames": given,
        "birthYear": rng.randint(1960, 2005),
        "source": "ind",
        "sourceReference": f"LOAD-{reference[:24]}",
        "targetGroup": "rejected_asylum",
        "returnDecisionDate": (dt.date.today() - dt.timedelta(days=rng.randint(1, 60))).isoformat(),
        "returnDecisionReference": f"BES-{reference[24:]}",
        "nationalities": [{"country": "ER", "status": "claimed"}],
        "languages": [{"code": "ti", "interpreterNeeded": True}],
    }
    return Call("POST", f"{API}/cases", "write: api intake", json=body, api=True, ok=(201,))


# Weights: what 16 people do in a working hour, roughly (the issue's "caseload, dossier, search,
# worklist, API reads"; writes: "notes, interviews and intakes").
READS: list[tuple[Callable[[Worker, random.Random], Call], int]] = [
    (caseload, 4),
    (caseload_filtered, 2),
    (dossier, 5),
    (search, 2),
    (worklist, 2),
    (api_list, 1),
    (api_detail, 2),
]
WRITES: list[tuple[Callable[[Worker, random.Random], Call], int]] = [(note, 4), (interview, 1), (intake, 2)]
MIXES = {"read": READS, "write": WRITES, "both": READS + WRITES}
