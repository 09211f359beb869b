"""ReturnDesk's trained model: reuse the one `make model` left, or train it here, timed.

Training takes ~5 minutes on two cores, so an existing model is reused. Its training time is
then read from a `rasa train` log if one is named (RETURNDESK_TRAIN_LOG): the span between the
log's first and last timestamps, which misses Rasa's start-up (~10-20 s of imports) before the
first line. Without a log the training time is reported as unknown, never guessed.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from tests.stack import MODEL, REPO

TIMESTAMP = re.compile(rb"(?:^|\r)(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) ", re.MULTILINE)


def ensure_model() -> dict[str, Any]:
    if MODEL.exists():
        log = os.environ.get("RETURNDESK_TRAIN_LOG")
        seconds = _span_of_log(Path(log)) if log else None
        how = f"reused; training time from the timestamps of {log}" if log else "reused; training log not given"
        return {"path": str(MODEL), "bytes": MODEL.stat().st_size, "training_s": seconds, "training": how}
    began = time.monotonic()
    subprocess.run(  # what `make model` runs
        [
            str(REPO / "scripts" / "train"),
            "--out",
            str(MODEL.parent),
            "--fixed-model-name",
            MODEL.name.removesuffix(".tar.gz"),
        ],
        cwd=REPO,
        env={**os.environ, "SQLALCHEMY_SILENCE_UBER_WARNING": "1"},
        check=True,
    )
    return {
        "path": str(MODEL),
        "bytes": MODEL.stat().st_size,
        "training_s": round(time.monotonic() - began, 1),
        "training": "trained in this run (wall clock of `rasa train`)",
    }


def _span_of_log(path: Path) -> float | None:
    stamps = TIMESTAMP.findall(path.read_bytes())  # bytes: progress bars leave \r and colour codes
    if len(stamps) < 2:
        return None
    first, last = (datetime.strptime(s.decode(), "%Y-%m-%d %H:%M:%S") for s in (stamps[0], stamps[-1]))
    return (last - first).total_seconds()
