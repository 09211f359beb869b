"""Where the assistant suite's minutes go, for the table that ends `make test` (scripts/stage).

Each test's setup, call and teardown are added to its part: the browser tests (Chromium), the
live conversations (tests/e2e and tests/handoff without a browser) and the folders of the rest.
A session fixture's start-up counts in the first test that needs it, which is where a reader
looking for the slow part wants to find it. With the suite spread over two processes the parts
add up to more than the wall clock: they are the seconds each part kept a process busy.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

TIMES = Path(__file__).resolve().parent.parent / "var" / "stage-times.tsv"
_seconds: dict[str, float] = defaultdict(float)  # part -> seconds, for this pytest process
_failed: set[str] = set()  # parts with a failed test or fixture


def part_of(nodeid: str) -> str:
    path = nodeid.split("::")[0]
    folder = path.split("/")[1] if path.count("/") > 1 else "other"
    if "browser" in path or folder == "widget" or "/test_widget_" in path:
        return "browser"
    if folder in ("e2e", "handoff"):
        return "live conversations"
    return folder


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    _seconds[part_of(report.nodeid)] += report.duration
    if report.failed:
        _failed.add(part_of(report.nodeid))


def pytest_sessionfinish(session: pytest.Session) -> None:
    # Only inside `make test`, which starts the table, and only once: under pytest-xdist the main
    # process receives every worker's reports.
    if not _seconds or not TIMES.exists() or hasattr(session.config, "workerinput"):
        return
    with TIMES.open("a") as table:
        for part, total in sorted(_seconds.items(), key=lambda item: -item[1]):
            table.write(f"assistant/{part}\t{round(total)}\t{int(part in _failed)}\n")
