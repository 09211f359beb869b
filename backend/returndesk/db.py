"""Engine, sessions and the one commit point.

A unit of work is one transaction, committed when it ends or rolled back entirely if anything
raised, so a refused or failed request never leaves half a change. A request gets one through
`get_session`; a worker takes one per item with `transaction()`, so one item's failure loses no
other's. Services only `flush()`: this module is the only place that commits.

Two needs reach past "all or nothing", and are met here rather than by each endpoint:
- work that must wait until the change is safe (asking the payment provider, telling the
  customer) is registered with `after_commit()` and runs only once the commit succeeded;
- a refusal that must stay in the audit log although its attempt is undone is raised as an
  `AuditedRefusal`, whose record is written in a short transaction of its own after the rollback.
What the database cannot undo (a stored file) is undone by `on_rollback()` work.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Annotated, Any

from fastapi import Depends
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from .config import get_settings
from .errors import AuditedRefusal

_AFTER_COMMIT = "returndesk.after_commit"
_ON_ROLLBACK = "returndesk.on_rollback"

log = logging.getLogger(__name__)


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _tune_sqlite)
        # Let SQLAlchemy own transaction start so BEGIN IMMEDIATE takes the write lock early:
        # two concurrent writers then queue instead of failing with "database is locked".
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
        return engine
    return create_engine(url, pool_size=20, max_overflow=10, pool_pre_ping=True)


def _tune_sqlite(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" hook issues BEGIN itself
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@lru_cache
def get_engine() -> Engine:
    return make_engine(get_settings().database_url)


@lru_cache
def get_sessionmaker() -> sessionmaker[Session]:
    return sessionmaker(get_engine(), expire_on_commit=False)


@contextmanager
def transaction(sessions: Callable[[], Session] | None = None) -> Iterator[Session]:
    """One unit of work in a session of its own (from `sessions`, the app's sessionmaker by default)."""
    with (sessions or get_sessionmaker())() as session, unit_of_work(session):
        yield session


@contextmanager
def unit_of_work(session: Session) -> Iterator[Session]:
    """Commit what the block did with `session`, or roll it all back if the block raised; for a
    session the caller keeps using (a command committing chunk by chunk)."""
    try:
        yield session
        session.commit()
    except AuditedRefusal as refused:
        _roll_back(session)
        refused.record(session)
        session.commit()
        raise
    except BaseException:
        _roll_back(session)
        raise
    session.info.pop(_ON_ROLLBACK, None)
    _run_after_commit(session)


def get_session() -> Iterator[Session]:
    """The request's unit of work (a FastAPI dependency)."""
    with transaction() as session:
        yield session


DbSession = Annotated[Session, Depends(get_session)]


def after_commit(session: Session, fn: Callable[[], Any]) -> None:
    """Run `fn` once the session's unit of work has committed; never if it rolls back. In order of
    registration, outside the committed transaction, so a slow provider or chat holds no locks."""
    session.info.setdefault(_AFTER_COMMIT, []).append(fn)


def on_rollback(session: Session, fn: Callable[[], Any]) -> None:
    """Run `fn` if the unit of work rolls back instead (a file stored for a row that will not exist)."""
    session.info.setdefault(_ON_ROLLBACK, []).append(fn)


def answer_after_commit(session: Session, build: Callable[[], Response]) -> Response:
    """An answer that reports what after-commit work did (the provider's refund id, the payment's
    status): `build` runs after the work registered before it, and its response is what is sent."""
    answer = _BuiltAfterCommit()
    after_commit(session, lambda: answer.fill(build()))
    return answer


class _BuiltAfterCommit(Response):
    """FastAPI renders a returned response before the session dependency commits; this one is a
    placeholder until `fill`, which the unit of work calls after the commit, before anything is sent."""

    def fill(self, built: Response) -> None:
        if built.background is None:
            built.background = self.background
        self.built = built

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.built(scope, receive, send)


def _roll_back(session: Session) -> None:
    session.info.pop(_AFTER_COMMIT, None)
    session.rollback()
    for fn in session.info.pop(_ON_ROLLBACK, []):
        try:
            fn()
        except Exception:  # the rollback's cause is what the caller must see, not a clean-up's failure
            log.exception("clean-up after a rollback failed")


def _run_after_commit(session: Session) -> None:
    # What the follow-up work writes (whether the customer was told) is a unit of its own: the
    # change it follows is committed already and stays so, whatever happens here.
    try:
        while hooks := session.info.pop(_AFTER_COMMIT, None):
            for fn in hooks:
                fn()
        session.commit()
    except BaseException:
        _roll_back(session)
        raise
