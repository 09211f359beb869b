"""The returns service's vocabulary, read from its own source of truth without a server.

`python -m returndesk.vocabulary` in the service's environment prints what GET /api/v1/vocabulary
serves, for every language: deterministic (no port, no running service) and a fifth of a second.
The service runs in its own virtual environment (Rasa 3.6 pins libraries the service outgrew), so
its code is run there rather than imported here."""

from __future__ import annotations

import json
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
BACKEND = REPO / "backend"


@cache
def service_documents() -> dict[str, Any]:
    """{"en": {"reasons": [{"code", "title"}, ...], "resolutions": [...], ...}, "zh": {...}}"""
    answer = subprocess.run(
        [str(BACKEND / ".venv" / "bin" / "python"), "-m", "returndesk.vocabulary"],
        cwd=BACKEND,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert answer.returncode == 0, f"python -m returndesk.vocabulary failed:\n{answer.stderr}"
    return json.loads(answer.stdout)


def service_codes(kind: str) -> set[str]:
    """Every code of `kind` ("reason", "resolution") the service knows."""
    return {term["code"] for term in service_documents()["en"][f"{kind}s"]}
