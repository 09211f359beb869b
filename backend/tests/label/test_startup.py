"""A broken routing file stops the service at start, not at the first customer's label."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from returndesk.label.destinations import DEFAULT_ROUTING_FILE

BACKEND_DIR = Path(__file__).resolve().parents[2]


def test_a_broken_routing_file_stops_the_service_with_the_file_line_and_key(tmp_path):
    routing = tmp_path / "destinations.yml"
    routing.write_text(DEFAULT_ROUTING_FILE.read_text(encoding="utf-8").replace("to: vendor", "to: vendr", 1))
    env = {
        **os.environ,
        "RETURNDESK_ROUTING_FILE": str(routing),
        "RETURNDESK_DATABASE_URL": f"sqlite:///{tmp_path}/x.db",
    }
    result = subprocess.run(
        [sys.executable, "-m", "uvicorn", "returndesk.main:app", "--port", "0"],
        cwd=BACKEND_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "the routing file is invalid" in result.stderr
    assert f"{routing.name} line" in result.stderr and 'routes[1].to: unknown destination "vendr"' in result.stderr
