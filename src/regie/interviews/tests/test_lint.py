"""This app's part of the OpenAPI document passes the NL API Design Rules linter (regie.api's own test,
run on the document of this app's test URLconf, so it holds before and after the router is mounted)."""

from __future__ import annotations

import pytest

from regie.api.tests.test_lint import openapi_file, test_openapi_document_passes_nl_api_design_rules

__all__ = ["openapi_file", "test_openapi_document_passes_nl_api_design_rules"]

pytestmark = pytest.mark.urls("regie.interviews.tests.urls")
