"""The browser fixtures of the web app's e2e tests (one Chromium per session, axe-core)."""

from regie.web.tests.e2e.conftest import axe_source, browser, page  # noqa: F401
