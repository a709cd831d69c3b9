"""Audit test fixtures shared by the checkpoint and partition tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from regie.audit import checkpoints


@pytest.fixture
def signing_key(tmp_path: Path, settings: Any) -> Path:
    """A fresh key pair; checkpoints go to the test's own directory."""
    key = tmp_path / "keys" / "audit.key"
    key.parent.mkdir()
    checkpoints.keygen(key)
    settings.REGIE_AUDIT_SIGNING_KEY = str(key)
    settings.REGIE_AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"
    return key
