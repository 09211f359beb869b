"""Starting the real service in a process of its own, for the tests of what stops it at start-up."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BACKEND_DIR = Path(__file__).resolve().parent.parent


def start_service(tmp_path: Path, **settings: str) -> subprocess.CompletedProcess[str]:
    """Run the service with these RETURNDESK_* settings (and a throw-away database) until it exits."""
    env = {**os.environ, "RETURNDESK_DATABASE_URL": f"sqlite:///{tmp_path}/x.db", **settings}
    return subprocess.run(
        [sys.executable, "-m", "uvicorn", "returndesk.main:app", "--port", "0"],
        cwd=BACKEND_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
