"""The one commit point (returndesk/db.py): after-commit work and audited refusals, on a small app."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient
from sqlalchemy import select

from returndesk.db import DbSession, after_commit, answer_after_commit, on_rollback, transaction
from returndesk.errors import PROBLEM_JSON, AuditedRefusal, Forbidden, install_error_handlers
from returndesk.models import AuditEvent

# What this module proves is when a change becomes visible to another session: it needs real commits.
pytestmark = pytest.mark.own_database


def _event(kind: str) -> AuditEvent:
    return AuditEvent(kind=kind, actor="test", description=kind)


def _kinds(db) -> list[str]:
    return db.scalars(select(AuditEvent.kind).order_by(AuditEvent.id))


def _committed(kind: str) -> bool:
    """Read from another session: true only once the writer's transaction has committed."""
    with transaction() as other:
        return other.scalar(select(AuditEvent.id).where(AuditEvent.kind == kind)) is not None


class TestAfterCommit:
    def test_runs_once_the_change_is_committed(self, engine, db) -> None:
        seen: list[bool] = []
        with transaction() as session:
            session.add(_event("test.change"))
            session.flush()
            after_commit(session, lambda: seen.append(_committed("test.change")))
            assert seen == []
        assert seen == [True]

    def test_never_runs_when_the_unit_rolls_back(self, engine, db) -> None:
        ran: list[str] = []
        with pytest.raises(RuntimeError), transaction() as session:
            session.add(_event("test.change"))
            after_commit(session, lambda: ran.append("hook"))
            raise RuntimeError("the request failed")
        assert ran == []
        assert _kinds(db) == []

    def test_what_the_work_writes_is_committed_too(self, engine, db) -> None:
        with transaction() as session:
            session.add(_event("test.change"))
            after_commit(session, lambda: session.add(_event("test.follow_up")))
        assert _kinds(db) == ["test.change", "test.follow_up"]


class TestOnRollback:
    def test_undoes_what_the_database_cannot(self, engine, db) -> None:
        undone: list[str] = []
        with pytest.raises(RuntimeError), transaction() as session:
            session.add(_event("test.photo"))
            on_rollback(session, lambda: undone.append("photo file"))
            raise RuntimeError("the commit failed")
        assert undone == ["photo file"]

    def test_never_runs_once_committed(self, engine, db) -> None:
        undone: list[str] = []
        with transaction() as session:
            session.add(_event("test.photo"))
            on_rollback(session, lambda: undone.append("photo file"))
            after_commit(session, lambda: session.add(_event("test.follow_up")))
        assert undone == []
        assert _kinds(db) == ["test.photo", "test.follow_up"]


class TestAuditedRefusal:
    def test_undoes_the_attempt_and_keeps_the_record(self, engine, db) -> None:
        ran: list[str] = []
        refusal = AuditedRefusal(Forbidden("beyond your limit"), lambda s: s.add(_event("test.refused")))
        with pytest.raises(AuditedRefusal), transaction() as session:
            session.add(_event("test.attempt"))
            after_commit(session, lambda: ran.append("hook"))
            raise refusal
        assert _kinds(db) == ["test.refused"]
        assert ran == []


def _app() -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)

    @app.post("/refused")
    def refused(session: DbSession) -> None:
        session.add(_event("test.attempt"))
        session.flush()
        raise AuditedRefusal(
            Forbidden("refund 180.00 exceeds your per-case limit of 100.00"),
            lambda s: s.add(_event("test.refused")),
        )

    @app.post("/done", status_code=201)
    def done(session: DbSession) -> JSONResponse:
        session.add(_event("test.change"))
        seen: list[bool] = []
        after_commit(session, lambda: seen.append(_committed("test.change")))
        return answer_after_commit(session, lambda: JSONResponse({"hook_saw_commit": seen}, status_code=201))

    return app


class TestRequests:
    def test_a_refused_request_leaves_its_audit_entry_and_answers_problem_json(self, engine, db) -> None:
        with TestClient(_app()) as client:
            answer = client.post("/refused")
        assert answer.status_code == 403
        assert answer.headers["content-type"] == PROBLEM_JSON
        assert answer.json()["detail"] == "refund 180.00 exceeds your per-case limit of 100.00"
        assert _kinds(db) == ["test.refused"]

    def test_the_answer_reports_what_ran_after_the_commit(self, engine, db) -> None:
        with TestClient(_app()) as client:
            answer = client.post("/done")
        assert (answer.status_code, answer.json()) == (201, {"hook_saw_commit": [True]})
        assert _kinds(db) == ["test.change"]
