"""The load benchmark's pieces (bench/load.py, bench/loadmix.py, bench/locustfile.py), without the load.

Every request of the mix resolves to the view it means, with a body that view's form or schema accepts.
locust is never imported here (gevent would patch this process): the locustfile is imported in a
subprocess.
"""

from __future__ import annotations

import importlib.util
import json
import random
import subprocess
import sys
import uuid
from pathlib import Path
from types import ModuleType

import pytest
from django.urls import resolve

from regie.cases.forms import NoteForm
from regie.cases.schemas import IntakeIn
from regie.interviews.forms import InterviewRecordForm

BENCH = Path(__file__).resolve().parents[4] / "bench"


def _module(name: str) -> ModuleType:
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCH))


loadmix = _module("loadmix")

EXPECTED_VIEWS = {
    "caseload": "cases:caseload",
    "caseload_filtered": "cases:caseload",
    "dossier": "cases:dossier",
    "search": "cases:search",
    "worklist": "deadlines:worklist",
    "note": "cases:note_add",
    "interview": "interviews:record",
}


def _worker() -> object:
    return loadmix.Worker(
        username="regievoerder",
        names=["Selam Tesfaye", "Haidari"],
        countries=["SY", "ER"],
        case_ids=[str(uuid.uuid4())],
        csrf="x" * 32,
    )


@pytest.mark.django_db  # the intake schema checks countries and languages against reference tables
@pytest.mark.parametrize("builder", [b for b, _ in loadmix.MIXES["both"]], ids=lambda b: b.__name__)
def test_each_request_of_the_mix_reaches_its_view_with_a_valid_body(builder: object) -> None:
    call = builder(_worker(), random.Random(1))  # type: ignore[operator]
    match = resolve(call.path.split("?", 1)[0])
    if call.api:
        assert call.path.startswith("/api/v1/cases") and match.namespace.startswith("api")
    else:
        assert match.view_name == EXPECTED_VIEWS[builder.__name__]  # type: ignore[attr-defined]
    if call.name == "write: note":
        assert NoteForm(call.data).is_valid()
    if call.name == "write: interview":
        form = InterviewRecordForm(call.data)
        assert form.is_valid(), form.errors
    if call.json is not None:
        IntakeIn.model_validate(call.json)  # raises when the body does not fit the API


def test_login_posts_the_form_fields() -> None:
    call = loadmix.login("regievoerder", "secret", "token")
    assert resolve(call.path).view_name == "web:login"
    assert set(call.data) == {"username", "password", "csrfmiddlewaretoken"}


def test_load_helpers() -> None:
    load = _module("load")
    assert load.seconds("60s") == 60 and load.seconds("2m") == 120 and load.seconds("90") == 90
    sorted_plan = "0|0| SEARCH c USING INDEX x (assigned_to_id=?)\n5|0| USE TEMP B-TREE FOR ORDER BY"
    assert load.index_missing("caseload", "sqlite", sorted_plan)
    assert not load.index_missing("search", "sqlite", sorted_plan)
    assert load.index_missing("dossier", "postgres", "Limit\n  ->  Seq Scan on cases_case c")


def test_the_locustfile_imports(tmp_path: Path) -> None:
    """locust is in the test set (requirements/test.in): a missing one is a broken install, not a skip."""
    accounts = tmp_path / "accounts.json"
    accounts.write_text(json.dumps({"password": "x", "mix": "both", "wait": 0, "accounts": []}))
    code = (
        "import runpy, sys; ns = runpy.run_path(sys.argv[1]); "
        "assert ns['Caseworker'].host is None and ns['loadmix'].MIXES['both']"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(BENCH / "locustfile.py")],
        env={"REGIE_LOAD_ACCOUNTS": str(accounts), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
