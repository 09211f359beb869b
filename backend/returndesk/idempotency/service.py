"""Running a request's work once per Idempotency-Key, and replaying its first answer."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..errors import InvalidInput
from ..models import IdempotencyRecord
from .repository import find_record

KEY_HEADER = "Idempotency-Key"


class KeyReusedForAnotherRequest(InvalidInput):
    title = "Idempotency-Key reused"


@dataclass(frozen=True)
class StoredResponse:
    status: int
    body: dict[str, Any]
    replayed: bool


def request_fingerprint(payload: Any) -> str:
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def run_once(
    session: Session,
    *,
    scope: str,
    key: str,
    fingerprint: str,
    work: Callable[[], tuple[int, dict[str, Any]]],
) -> StoredResponse:
    """Run `work` once per (scope, key); later calls with the same request replay its answer.

    `work` only flushes; if it raises, nothing is stored and the client may fix and retry.
    """
    existing = find_record(session, scope, key)
    if existing is not None:
        return _replay(existing, fingerprint, key)
    status, body = work()
    session.add(
        IdempotencyRecord(scope=scope, key=key, request_hash=fingerprint, response_status=status, response_body=body)
    )
    try:
        session.flush()
    except IntegrityError:
        # Another request with this key committed first: drop our work, answer with theirs.
        session.rollback()
        existing = find_record(session, scope, key)
        if existing is None:  # pragma: no cover - not a key clash after all
            raise
        return _replay(existing, fingerprint, key)
    return StoredResponse(status=status, body=body, replayed=False)


def _replay(record: IdempotencyRecord, fingerprint: str, key: str) -> StoredResponse:
    if record.request_hash != fingerprint:
        raise KeyReusedForAnotherRequest(
            f"{KEY_HEADER} '{key}' was already used for a different request; send a new key for a new request"
        )
    return StoredResponse(status=record.response_status, body=record.response_body, replayed=True)
