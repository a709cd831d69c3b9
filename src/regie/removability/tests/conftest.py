"""The API test helpers of regie.api (a bearer-token JSON client, tokens, cases opened by a user)."""

from regie.api.tests.conftest import ApiClient, api_as, issue_token, open_case

__all__ = ["ApiClient", "api_as", "issue_token", "open_case"]
