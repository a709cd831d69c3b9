"""The browser fixtures of regie.web's e2e tests (one Chromium per session, axe-core, and the
deadline rules put back after each flush)."""

from regie.web.tests.e2e.conftest import axe_source, browser, page, reference_data

__all__ = ["axe_source", "browser", "page", "reference_data"]
