"""Idempotency-Key handling: a retried request gets the first answer, never a second effect.

The record is inserted *before* the work, inside a savepoint. A concurrent duplicate then
blocks on the unique (scope, key) index until the first transaction commits, fails its insert,
and replays the stored answer — so the work itself can never run twice for one key.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .errors import InvalidInput
from .models import IdempotencyRecord

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
    """Run `work` once per (scope, key); later calls with the same request replay its answer."""
    existing = _find(session, scope, key)
    if existing is not None:
        return _replay(existing, fingerprint, key)
    savepoint = session.begin_nested()
    try:
        record = IdempotencyRecord(scope=scope, key=key, request_hash=fingerprint, response_status=0, response_body={})
        session.add(record)
        session.flush()
    except IntegrityError:
        savepoint.rollback()
        existing = _find(session, scope, key)
        if existing is None:  # pragma: no cover - the winner rolled back; let the client retry
            raise
        return _replay(existing, fingerprint, key)
    try:
        status, body = work()
    except BaseException:
        savepoint.rollback()  # a refused request stores nothing: the client may fix and retry
        raise
    record.response_status, record.response_body = status, body
    session.flush()
    savepoint.commit()
    return StoredResponse(status=status, body=body, replayed=False)


def _find(session: Session, scope: str, key: str) -> IdempotencyRecord | None:
    return session.scalars(
        select(IdempotencyRecord).where(IdempotencyRecord.scope == scope, IdempotencyRecord.key == key)
    ).one_or_none()


def _replay(record: IdempotencyRecord, fingerprint: str, key: str) -> StoredResponse:
    if record.request_hash != fingerprint:
        raise KeyReusedForAnotherRequest(
            f"{KEY_HEADER} '{key}' was already used for a different request; send a new key for a new request"
        )
    return StoredResponse(status=record.response_status, body=record.response_body, replayed=True)
