"""Counting requests per client in fixed windows, in the database.

The service runs as several workers (and replicas), so an in-process counter would let each of
them grant the full allowance. One row per (scope, client, window) is bumped with a single
`INSERT ... ON CONFLICT DO UPDATE ... RETURNING`, which both SQLite and PostgreSQL apply
atomically: concurrent requests each see their own count, and the limit is exact. A fixed
window may let a client through twice the limit across a window boundary; for refusing
floods of new chat sessions that is precise enough, and it costs one row per client per window.
"""

from .service import Allowance, clear, give_back, hit

__all__ = ["Allowance", "clear", "give_back", "hit"]
