"""The served OpenAPI document passes the NL API Design Rules linter (Spectral) without errors.

Spectral comes from `tools/node` (`npm ci --prefix tools/node`; another directory with
`.bin/spectral` via REGIE_NODE_TOOLS); the ruleset from `../shared/standards/` next to the
repository (another file via REGIE_ADR_RULESET). In CI a missing tool or ruleset fails the test;
on a laptop without the Node tools installed at all, it is skipped with the reason.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any, NoReturn

import pytest
from django.test import Client

REPO = Path(__file__).resolve().parents[4]
NODE_TOOLS = Path(os.environ.get("REGIE_NODE_TOOLS") or REPO / "tools" / "node" / "node_modules")
SPECTRAL = NODE_TOOLS / ".bin" / "spectral"
RULESET = Path(
    os.environ.get("REGIE_ADR_RULESET") or REPO.parent / "shared" / "standards" / "nl-api-design-rules.spectral.yml"
)
SEVERITY = {0: "error", 1: "warning", 2: "info", 3: "hint"}


def _unavailable(reason: str) -> NoReturn:
    if not os.environ.get("CI") and not NODE_TOOLS.exists():
        pytest.skip(f"{reason} (Node tools not installed: run `npm ci --prefix tools/node`)")
    pytest.fail(reason, pytrace=False)


@pytest.fixture
def openapi_file(client: Client, tmp_path: Path) -> Path:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    path = tmp_path / "openapi.json"
    path.write_text(json.dumps(response.json(), indent=2))
    return path


def test_openapi_document_passes_nl_api_design_rules(openapi_file: Path) -> None:
    if not SPECTRAL.exists():
        _unavailable(f"Spectral not found at {SPECTRAL} (set REGIE_NODE_TOOLS to the node_modules directory)")
    if not RULESET.exists():
        _unavailable(f"NL API Design Rules ruleset not found at {RULESET} (set REGIE_ADR_RULESET)")
    report = openapi_file.with_name("spectral.json")
    run = subprocess.run(
        [
            *(str(SPECTRAL), "lint", "-r", str(RULESET), "--fail-severity", "error"),
            *("-f", "json", "-o", str(report), str(openapi_file)),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    try:
        results: list[dict[str, Any]] = json.loads(report.read_text())
    except (OSError, json.JSONDecodeError):
        pytest.fail(f"Spectral did not run (exit {run.returncode}):\n{run.stdout}\n{run.stderr}", pytrace=False)
    lines = [
        f"{SEVERITY.get(r['severity'], r['severity'])} {r['code']} at {'.'.join(map(str, r['path']))}: {r['message']}"
        for r in results
    ]
    for line in lines:
        print(line)  # warnings show with `pytest -s` or on failure
    errors = [line for line, r in zip(lines, results, strict=True) if r["severity"] == 0]
    assert not errors, "NL API Design Rules errors:\n" + "\n".join(errors)
    assert run.returncode == 0, run.stderr
