"""Reads that only the web pages need. Each read of a person's data writes its access record."""

from __future__ import annotations

from regie.audit.selectors import person_for_privacy_review

__all__ = ["person_for_privacy_review"]
