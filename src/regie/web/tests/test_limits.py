"""No 5xx from bad input or load: 413 for a body over the limit, 503 with Retry-After for a busy database."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from regie.accounts.models import User
from regie.api.tests.test_api import intake_body
from regie.audit.models import AuditEvent
from regie.cases.models import Case
from regie.cases.tests.test_views import _intake_post
from regie.testing.fixtures import ApiClient, assert_problem, logged_in

MIB = 1024 * 1024


class _Unreadable:
    """A request body that fails the test when anything reads it."""

    def read(self, *args: Any) -> bytes:
        raise AssertionError("the body was read")

    readline = read


@pytest.mark.django_db
def test_a_json_body_over_the_limit_is_413_problem(api_as: Callable[..., ApiClient], system_user: User) -> None:
    body = intake_body(medicalBackground="m" * (3 * MIB))  # over the default 2.5 MiB
    response = api_as(system_user).post("/cases", body)

    problem = assert_problem(response, 413)
    assert problem["type"].endswith("/problems/payload_too_large")
    assert str(5 * MIB // 2) in problem["detail"]
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_the_content_length_alone_is_enough_for_413(
    api_as: Callable[..., ApiClient], system_user: User, settings: Any
) -> None:
    settings.REGIE_MAX_BODY_BYTES = 1000
    client = api_as(system_user)
    response = client.client.post(
        "/api/v1/cases",
        data=b"{}",
        content_type="application/json",
        headers=client.headers,
        CONTENT_LENGTH=str(10 * MIB),
        **{"wsgi.input": _Unreadable()},
    )
    problem = assert_problem(response, 413)
    assert "1000" in problem["detail"]


@pytest.mark.django_db
def test_a_form_over_the_limit_is_a_413_page(case_manager: User, settings: Any) -> None:
    settings.REGIE_MAX_BODY_BYTES = settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client = logged_in(case_manager)

    response = client.post(reverse("cases:intake"), _intake_post(note="n" * 20_000))
    assert response.status_code == 413
    assert "Te veel gegevens in één keer" in response.content.decode()

    # A multipart form: a file of the upload's size passes the gate, text fields beyond the limit do not.
    upload = SimpleUploadedFile("brief.pdf", b"%PDF" + b"0" * 50_000, content_type="application/pdf")
    response = client.post(reverse("cases:intake"), {**_intake_post(), "document": upload})
    assert response.status_code == 302 and Case.objects.count() == 1
    other = {"v_number": "4000000002", "source_reference": "IND-WEB-2", "note": "n" * 20_000}
    response = client.post(reverse("cases:intake"), {**_intake_post(**other), "document": upload})
    assert response.status_code == 413  # read by the CSRF check, answered by handler400
    assert Case.objects.count() == 1


@pytest.fixture
def locked_database() -> Iterator[Callable[[], None]]:
    """lock(): a second connection holds a write lock until the test ends, and this connection waits for it
    50 ms (not the configured wait) so the test is fast. SQLite: the database's write lock (BEGIN
    IMMEDIATE). PostgreSQL: the audit trail's table, which every write appends to (LOCK TABLE), with
    `lock_timeout` for the wait (SQLSTATE 55P03)."""
    blockers: list[Any] = []

    def lock() -> None:
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            connection.cursor().execute("PRAGMA busy_timeout = 50")
            blocker = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
            blocker.execute("BEGIN IMMEDIATE")
        else:
            import psycopg

            connection.cursor().execute("SET lock_timeout = '50ms'")
            db = connection.settings_dict
            blocker = psycopg.connect(
                dbname=db["NAME"], user=db["USER"], password=db["PASSWORD"], host=db["HOST"], port=db["PORT"] or None
            )
            blocker.execute(f"LOCK TABLE {AuditEvent._meta.db_table} IN EXCLUSIVE MODE")
        blockers.append(blocker)

    yield lock
    for blocker in blockers:
        blocker.rollback()
        blocker.close()
    connection.close()  # the next test connects with the configured wait


@pytest.mark.django_db(transaction=True)
def test_an_api_write_that_cannot_get_the_lock_is_503_with_retry_after(
    locked_database: Callable[[], None], api_as: Callable[..., ApiClient], system_user: User
) -> None:
    client = api_as(system_user)
    assert client.get("/cases").status_code == 200  # the token's first use is written before the lock
    locked_database()

    response = client.post("/cases", intake_body())

    problem = assert_problem(response, 503)
    assert response["Retry-After"] == "1"
    assert problem["type"].endswith("/problems/busy")


@pytest.mark.django_db(transaction=True)
def test_a_web_write_that_cannot_get_the_lock_is_a_503_page(
    locked_database: Callable[[], None], case_manager: User
) -> None:
    client: Client = logged_in(case_manager)
    locked_database()

    response = client.post(reverse("cases:intake"), _intake_post())

    assert response.status_code == 503 and response["Retry-After"] == "1"
    assert "Even bezet" in response.content.decode()


def test_the_openapi_document_states_413_and_503(client: Client) -> None:
    document = json.loads(client.get("/api/v1/openapi.json").content)
    deliver = document["paths"]["/cases"]["post"]["responses"]
    assert {"413", "503"} <= set(deliver)
    assert "Retry-After" in deliver["503"]["headers"]
