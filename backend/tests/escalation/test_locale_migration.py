"""The migration giving cases a language, on a database that already has cases."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, inspect, text

from ..databases import BACKEND_DIR, database_of_its_own

BEFORE = "0617913f74e2"  # cases without a language
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


@pytest.fixture
def empty_database(tmp_path, database_url) -> Iterator[str]:
    # `database_url` first: the downgrade reads the service's settings, which must name the
    # suite's database before anything caches them, or later tests talk to the wrong one.
    with database_of_its_own(tmp_path, "case_locale") as url:
        yield url


def test_existing_cases_become_english_and_the_downgrade_drops_the_column(empty_database) -> None:
    config = Config(str(BACKEND_DIR / "alembic.ini"))
    config.attributes.update(database_url=empty_database, configure_logger=False)
    command.upgrade(config, BEFORE)
    engine = create_engine(empty_database)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO escalations (reference, status, conversation_id, channel, trigger, summary, created_at,"
                " priority, mode, recommendation, details)"
                " VALUES ('ESC-OLD00001', 'open', 'chat-1', 'web', 'customer_request', '', :now, 'normal', 'live',"
                " '', '{}')"
            ),
            {"now": NOW},
        )

    command.upgrade(config, "head")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT locale FROM escalations")).scalar_one() == "en"

    command.downgrade(config, BEFORE)
    assert "locale" not in {column["name"] for column in inspect(engine).get_columns("escalations")}
    engine.dispose()
