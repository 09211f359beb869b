"""The rollups' refresh worker: one refresh at a time, and a clear answer on SQLite."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from returndesk.analytics import rollups

# The refresh takes an advisory lock on a connection of its own, and a second one must see it.
pytestmark = pytest.mark.own_database


def test_rollups_apply_on_postgresql_only(engine):
    on_postgresql = engine.dialect.name == "postgresql"
    assert rollups.main(["--needed"]) == (0 if on_postgresql else 1)


def test_one_pass_fills_the_rollups(engine):
    if engine.dialect.name != "postgresql":
        assert rollups.main([]) == 0  # says there is nothing to refresh, and it is not an error
        return
    try:
        assert rollups.main([]) == 0
        with Session(engine) as session:
            assert rollups.rollups_ready(session)
    finally:
        rollups.empty(engine)


def test_a_second_refresher_skips_while_one_is_running(engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("the rollups exist on PostgreSQL only")
    with engine.connect() as other:
        other.execute(text("SELECT pg_advisory_lock(:key)"), {"key": rollups.REFRESH_LOCK})
        try:
            assert rollups.refresh(engine) is None
            with Session(engine) as session:
                assert not rollups.rollups_ready(session), "refreshed although another refresh held the lock"
        finally:
            other.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": rollups.REFRESH_LOCK})
    try:
        assert rollups.refresh(engine) is not None
    finally:
        rollups.empty(engine)
