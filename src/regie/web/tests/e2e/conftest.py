"""The browser fixtures live in regie.testing.browser (loaded by the root conftest, once per session)."""

from regie.testing.browser import PASSWORD, login, serious_violations

__all__ = ["PASSWORD", "login", "serious_violations"]
