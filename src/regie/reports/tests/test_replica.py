"""The statistics and the caseload export read from the streaming replica when one is configured.

The replica here is a second alias on the same test database (as TEST MIRROR does): the point is which
connection the queries go to, not replication itself.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import load_backend
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regie.accounts.models import User
from regie.audit.models import AccessRecord
from regie.cases.models import Case
from regie.core.replica import REPLICA, reading_from_replica, replica_alias
from regie.reports.figures import Period, figure
from regie.reports.selectors import caseload_figures


@pytest.fixture
def replica(settings: Any) -> Iterator[str]:
    """A "replica" alias with its own connection to the test database the default alias uses."""
    settings_dict = {**connections[DEFAULT_DB_ALIAS].settings_dict}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Overriding setting DATABASES can lead to unexpected behavior"
        settings.DATABASES = {**settings.DATABASES, REPLICA: settings_dict}
    connections[REPLICA] = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias=REPLICA)
    try:
        yield REPLICA
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]


def tables_read(queries: CaptureQueriesContext) -> str:
    return " ".join(q["sql"] for q in queries.captured_queries)


def test_without_a_replica_everything_stays_on_default() -> None:
    with reading_from_replica() as alias:
        assert alias == replica_alias() == DEFAULT_DB_ALIAS


@pytest.mark.django_db(transaction=True)
def test_figures_are_read_from_the_replica(
    replica: str, analyst: User, make_case: Callable[..., Case], frozen: Any
) -> None:
    cases = [make_case() for _ in range(3)]
    with (
        CaptureQueriesContext(connections[replica]) as on_replica,
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as on_default,
    ):
        figures = caseload_figures(user=analyst)
        table = figure("caseload", user=analyst, period=Period.last_year())
    assert figures.open_total == len(cases)
    assert table.rows
    assert "cases_case" in tables_read(on_replica)
    assert on_default.captured_queries == []


@pytest.mark.django_db(transaction=True)
def test_the_export_reads_from_the_replica_and_logs_on_the_primary(
    replica: str, case_manager: User, make_case: Callable[..., Case], web_as: Callable[[User], Client]
) -> None:
    cases = [make_case() for _ in range(2)]
    client = web_as(case_manager)
    with (
        CaptureQueriesContext(connections[replica]) as on_replica,
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as on_default,
    ):
        response = client.get(reverse("cases:caseload_export"))
    assert response.status_code == 200
    assert len(response.content.decode("utf-8-sig").strip().splitlines()) == 1 + len(cases)
    assert '"cases_case"' in tables_read(on_replica)
    assert "INSERT" not in tables_read(on_replica).upper()
    # The access records of the export are written to the primary, the session read there too.
    assert 'INSERT INTO "audit_accessrecord"' in tables_read(on_default)
    assert '"cases_case"' not in tables_read(on_default)
    logged = AccessRecord.objects.filter(purpose="export", user=case_manager)
    assert {r.person_id for r in logged} == {c.person_id for c in cases}


@pytest.mark.django_db
def test_reads_inside_a_transaction_stay_on_the_primary(replica: str, analyst: User) -> None:
    # The test runs inside a transaction (as any service does): it must read its own writes.
    with CaptureQueriesContext(connections[replica]) as on_replica:
        assert caseload_figures(user=analyst).open_total == 0
    assert on_replica.captured_queries == []


def test_settings_add_the_replica_from_regie_replica_url() -> None:
    env = dict(os.environ, REGIE_REPLICA_URL="postgres://reader@standby.internal:5432/regie")
    code = (
        "import json; from django.conf import settings; "
        "print(json.dumps({k: settings.DATABASES['replica'][k] for k in ('HOST', 'NAME', 'USER', 'TEST')}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "regie.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout) == {
        "HOST": "standby.internal",
        "NAME": "regie",
        "USER": "reader",
        "TEST": {"MIRROR": "default"},
    }
