"""The suite's own isolation (tests/databases.py `rolled_back`): inside a test's transaction a unit of
work commits to a savepoint and its after-commit work still runs, and nothing is left afterwards."""

from __future__ import annotations

import pytest
from sqlalchemy import Connection, select

from returndesk.db import after_commit, get_sessionmaker, transaction
from returndesk.errors import AuditedRefusal, Forbidden
from returndesk.models import AuditEvent

from .databases import SecondConnection, rolled_back


def _event(kind: str) -> AuditEvent:
    return AuditEvent(kind=kind, actor="test", description=kind)


def _kinds() -> list[str]:
    with transaction() as session:
        return list(session.scalars(select(AuditEvent.kind).order_by(AuditEvent.id)))


@pytest.mark.own_database  # it looks at the database from outside the transaction it rolls back
class TestRolledBack:
    def test_a_commit_releases_a_savepoint_runs_the_hooks_and_is_undone_at_the_end(self, engine) -> None:
        hooks_saw: list[tuple[bool, bool]] = []
        with rolled_back(engine, get_sessionmaker()) as connection:
            with transaction() as session:
                session.add(_event("test.change"))
                session.flush()
                assert connection.in_nested_transaction()  # the unit of work's savepoint
                saw = lambda: (connection.in_transaction(), connection.in_nested_transaction())  # noqa: E731
                after_commit(session, lambda: hooks_saw.append(saw()))
                after_commit(session, lambda: session.add(_event("test.follow_up")))
            # The hooks ran once the savepoint was released, inside the test's transaction.
            assert hooks_saw == [(True, False)]
            assert not connection.in_nested_transaction()
            assert _kinds() == ["test.change", "test.follow_up"]
        assert _kinds() == []

    def test_a_refused_unit_undoes_only_its_own_part(self, engine) -> None:
        refusal = AuditedRefusal(Forbidden("beyond your limit"), lambda s: s.add(_event("test.refused")))
        with rolled_back(engine, get_sessionmaker()):
            with transaction() as session:
                session.add(_event("test.before"))
            with pytest.raises(AuditedRefusal), transaction() as session:
                session.add(_event("test.attempt"))
                raise refusal
            assert _kinds() == ["test.before", "test.refused"]
        assert _kinds() == []

    def test_asking_the_engine_for_another_connection_says_what_to_do(self, engine) -> None:
        with rolled_back(engine, get_sessionmaker()), pytest.raises(SecondConnection, match="own_database"):
            engine.connect()
        with engine.connect():  # allowed again once the test's transaction is over
            pass


def test_a_test_that_asks_for_nothing_more_runs_in_the_rolled_back_transaction(session) -> None:
    bind = session.get_bind()
    assert isinstance(bind, Connection)
    assert bind.in_transaction()


@pytest.mark.own_database
def test_a_test_marked_own_database_commits_through_the_engine(session, engine) -> None:
    assert session.get_bind() is engine


def test_a_test_of_the_live_service_commits_through_the_engine(session, engine, base_url, request) -> None:
    assert session.get_bind() is engine
    assert request.node.get_closest_marker("e2e") is not None
