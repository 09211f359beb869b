"""Idempotency-Key handling: a retried request gets the first answer, never a second effect.

The first answer is stored in the same transaction as the work it describes, under a unique
(scope, key) constraint. A concurrent duplicate either finds it (SQLite's writers queue; on
PostgreSQL the returns endpoint holds the order's row lock) or, failing that, blocks on the
unique index until the first transaction commits, fails its insert, undoes its own work and
replays the stored answer — so the effect can never happen twice for one key.
"""

from .service import KEY_HEADER, KeyReusedForAnotherRequest, StoredResponse, request_fingerprint, run_once

__all__ = ["KEY_HEADER", "KeyReusedForAnotherRequest", "StoredResponse", "request_fingerprint", "run_once"]
