"""The suite's root: the shared fixtures come from the plugins regie.testing.fixtures (users per role,
clock, dossiers, clients) and regie.testing.browser (Chromium); here only what every test needs."""

from __future__ import annotations

import gc
import math
import os
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

pytest_plugins = ["regie.testing.fixtures", "regie.testing.browser"]

# No test may depend on how fast the machine is (the machines are shared and noisy): Hypothesis's own
# timings, the per-example deadline and the health check that data generation is too slow, are off for
# the whole suite. A test may still set its own examples and steps.
settings.register_profile("regie", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("regie")


def pytest_collection_finish(session: pytest.Session) -> None:
    """After collection, the collector is set as for bulk work (decision 0026) for the rest of the run:
    what collection built (Django, the apps, every test item and its parameters, schemathesis' examples)
    is frozen, so no full collection walks it again, and its first threshold is raised. A test that
    needs the collector calls `gc.collect()` itself, as before."""
    if os.environ.get("REGIE_TEST_GC") == "default":  # to compare: the interpreter's own setting
        return
    gc.collect()
    gc.freeze()
    gc.set_threshold(TEST_GC_THRESHOLD, *gc.get_threshold()[1:])


TEST_GC_THRESHOLD = 20_000


@pytest.fixture(autouse=True)
def _dutch_by_default() -> Any:
    """Each test starts in the interface's default language: a request in English (LocaleMiddleware
    activates it for the thread) must not leak into the next test."""
    from django.utils import translation

    translation.activate("nl")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Argon2 is deliberately slow; tests check roles and flows, not the hash (settings test that)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_audit_keys_of_the_host(settings: Any, tmp_path_factory: Any) -> None:
    """No test signs with, or verifies against, the audit checkpoints of the machine it runs on (a
    developer's var/audit-checkpoints would not match the test database); tests that sign set their own."""
    settings.REGIE_AUDIT_SIGNING_KEY = settings.REGIE_AUDIT_VERIFY_KEY = ""
    settings.REGIE_AUDIT_CHECKPOINT_DIR = tmp_path_factory.getbasetemp() / "no-audit-checkpoints"


@pytest.fixture(autouse=True)
def _no_files_in_the_installation(settings: Any, tmp_path_factory: Any) -> None:
    """Uploaded documents and issued letters of a test go to a folder of its own, never into the
    installation's REGIE_MEDIA_ROOT (the default storage names its location explicitly)."""
    location = str(tmp_path_factory.mktemp("storage"))
    default = settings.STORAGES["default"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**default, "OPTIONS": {**default.get("OPTIONS", {}), "location": location}},
    }
    settings.MEDIA_ROOT = settings.REGIE_MEDIA_ROOT = location


@pytest.fixture(autouse=True)
def _no_second_factor(settings: Any) -> None:
    """Tests log in with a password or `force_login` and test their own pages; the second factor has its
    own tests, which switch it on (`mfa_required` in regie.testing.fixtures)."""
    settings.MFA_REQUIRED = False


@pytest.fixture(autouse=True)
def _reference_data(request: Any) -> None:
    """Seeded reference data (rules as data) for every test that uses the database.

    Migrations seed it once, but transactional tests (browser, worker) flush all tables afterwards;
    re-seeding keeps every later test independent of the order tests run in.
    """
    marker = request.node.get_closest_marker("django_db")
    names = request.fixturenames
    if "transactional_db" in names or "live_server" in names or (marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("transactional_db")
    elif "db" in names or marker:
        request.getfixturevalue("db")
    else:
        return
    from regie.deadlines import selectors as deadline_selectors
    from regie.deadlines.models import DeadlineRule
    from regie.deadlines.seed import rules_seed
    from regie.support.seed import amount_rules_seed

    # The cached rule table is looked at again only when a test says so (`_rules_cache["checked"] -=
    # RULES_CHECK_SECONDS`) or a rule is saved, never because a second passed on a slow machine: statement
    # counts stay the same however long a test takes.
    deadline_selectors.RULES_CHECK_SECONDS = math.inf
    deadline_selectors.rules_cache_clear()  # the rule table as the previous test left it is gone with its transaction
    # A flush empties every table at once, so one look at the rule table tells whether the seed is there
    # (one statement, where seeding idempotently took thirty for every test).
    if not DeadlineRule.objects.exists():
        rules_seed()
        amount_rules_seed()
        _seed_if_flushed()


def _seed_if_flushed() -> None:
    """The letter templates and the default retention rules (seeded by data migrations), back after a flush."""
    import importlib

    from regie.letters.models import LetterTemplate
    from regie.letters.seed import seed_templates
    from regie.privacy.models import RetentionRule

    if not LetterTemplate.objects.exists():
        LetterTemplate.objects.bulk_create(LetterTemplate(**row) for row in seed_templates())
    if not RetentionRule.objects.exists():
        defaults = importlib.import_module("regie.privacy.migrations.0002_default_retention_rules")
        RetentionRule.objects.bulk_create(
            RetentionRule(kind=kind, months=months, basis=basis, valid_from=defaults.VALID_FROM)
            for kind, months, basis in defaults.DEFAULTS
        )
