"""Counting requests per client in fixed windows (the queries are in repository.py)."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from sqlalchemy.orm import Session

from . import repository


@dataclass(frozen=True)
class Allowance:
    allowed: bool
    hits: int
    retry_after_seconds: int  # until the window ends; 0 when allowed
    window_start: int = 0  # the window the hit was counted in (for give_back)


def hit(session: Session, scope: str, client_key: str, *, limit: int, window_seconds: int) -> Allowance:
    """Count one request of `client_key` in `scope`. Only flushes; commit it even when refusing."""
    now = time.time()
    window_start = int(now // window_seconds) * window_seconds
    hits = repository.count_hit(session, scope, client_key, window_start)
    if hits == 1 and repository.may_sweep(session):
        # The client's first request in this window: a good moment to drop windows long gone.
        repository.drop_windows_before(session, scope, window_start - window_seconds)
    if hits <= limit:
        return Allowance(True, hits, 0, window_start)
    return Allowance(False, hits, max(1, math.ceil(window_start + window_seconds - now)), window_start)


def give_back(session: Session, scope: str, client_key: str, counted: Allowance) -> None:
    """Uncount a hit that turned out not to count (a sign-in that succeeded). Counting up front
    and giving back keeps a limit exact under concurrency, where looking before counting would
    let a whole burst see room. Only flushes."""
    repository.uncount_hit(session, scope, client_key, counted.window_start)


def clear(session: Session, scope: str, client_key: str, counted: Allowance) -> None:
    """Forget every hit of `client_key` in the window `counted` was counted in. Only flushes."""
    repository.drop_window(session, scope, client_key, counted.window_start)
