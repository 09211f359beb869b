"""Resident memory of a process and its descendants, read from /proc (Linux only)."""

from __future__ import annotations

import contextlib
from pathlib import Path


def _vm_rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])  # "VmRSS:   123456 kB"
    return 0  # a zombie has no VmRSS line


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def rss_mib(pid: int) -> dict[str, float | int]:
    """VmRSS of `pid`, and of it plus any children it forked (a uvicorn or Sanic worker would be one).

    The sum over-counts pages shared between parent and children; none of the processes measured
    here forks today, so the two numbers are expected to be equal.
    """
    own = _vm_rss_kib(pid)
    pending, total = [pid], 0
    while pending:
        current = pending.pop()
        with contextlib.suppress(OSError):  # exited while we looked
            pending += _children(current)
            total += own if current == pid else _vm_rss_kib(current)
    return {"pid": pid, "rss_mib": round(own / 1024, 1), "with_children_mib": round(total / 1024, 1)}
