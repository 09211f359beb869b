"""The two databases the suite runs on: a throw-away SQLite file, or a fresh PostgreSQL database.

RETURNDESK_TEST_DB picks one (sqlite by default). PostgreSQL is the one on 127.0.0.1:5432
(override with RETURNDESK_TEST_POSTGRES_URL); when it cannot be reached the PostgreSQL run is
skipped with a message saying so — except in CI (CI=true), where that is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

BACKEND_DIR = Path(__file__).resolve().parent.parent
POSTGRES_ADMIN_URL = os.environ.get("RETURNDESK_TEST_POSTGRES_URL", "postgresql+psycopg://root@127.0.0.1:5432/test")
# One database per test process: runs side by side (two checkouts, a developer and CI) must not
# drop each other's database. Stale ones from killed runs are dropped by the next run.
TEST_DATABASE_PREFIX = "returndesk_test_"
TEST_DATABASE = f"{TEST_DATABASE_PREFIX}{os.getpid()}"


def chosen_backend() -> str:
    backend = os.environ.get("RETURNDESK_TEST_DB", "sqlite")
    if backend not in ("sqlite", "postgresql"):
        raise pytest.UsageError("RETURNDESK_TEST_DB must be 'sqlite' or 'postgresql'")
    return backend


def prepare_database(tmp_dir: Path) -> str:
    """A fresh, migrated database for this test session; returns its URL."""
    if chosen_backend() == "sqlite":
        url = f"sqlite:///{tmp_dir / 'returndesk-test.sqlite3'}"
    else:
        url = _fresh_postgres_database()
    migrate(url)
    return url


def migrate(url: str) -> None:
    config = Config(str(BACKEND_DIR / "alembic.ini"))
    config.attributes["database_url"] = url
    config.attributes["configure_logger"] = False
    command.upgrade(config, "head")


def require_postgres_in_ci() -> None:
    """CI must test PostgreSQL: stop before the first test when it cannot be reached (and before
    pytest-xdist starts its workers, where a stop would read as a crash)."""
    if chosen_backend() != "postgresql" or os.environ.get("CI") != "true":
        return
    admin = create_engine(POSTGRES_ADMIN_URL)
    try:
        with admin.connect():
            pass
    except OperationalError as exc:
        pytest.exit(f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL}: {exc.orig} — CI must test PostgreSQL", 1)
    finally:
        admin.dispose()


def _fresh_postgres_database() -> str:
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            _drop_stale_databases(connection)
            connection.execute(text(f"DROP DATABASE IF EXISTS {TEST_DATABASE} WITH (FORCE)"))
            connection.execute(text(f"CREATE DATABASE {TEST_DATABASE}"))
    except OperationalError as exc:
        message = f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL}: {exc.orig}"
        if os.environ.get("CI") == "true":
            pytest.exit(f"{message} — CI must test PostgreSQL", returncode=1)
        pytest.skip(f"{message}; skipping the PostgreSQL run", allow_module_level=True)
    finally:
        admin.dispose()
    return POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{TEST_DATABASE}"


@contextmanager
def database_of_its_own(tmp_dir: Path, name: str) -> Iterator[str]:
    """The URL of an empty database beside the suite's, on the chosen backend, dropped afterwards:
    for a test that migrates a database of its own (a migration over rows already there)."""
    if chosen_backend() == "sqlite":
        yield f"sqlite:///{tmp_dir / f'{name}.sqlite3'}"
        return
    database = f"{TEST_DATABASE}_{name}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {database}"))
    try:
        yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{database}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
        admin.dispose()


def _drop_stale_databases(connection) -> None:
    """Drop test databases whose process is gone (pids are checked on this machine)."""
    names = connection.execute(
        text("SELECT datname FROM pg_database WHERE datname LIKE :prefix"), {"prefix": f"{TEST_DATABASE_PREFIX}%"}
    ).scalars()
    for name in list(names):
        pid = name.removeprefix(TEST_DATABASE_PREFIX)
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


class SecondConnection(RuntimeError):
    """A test rolled back on one connection asked the engine for another."""


@contextmanager
def rolled_back(engine: Engine, sessions: sessionmaker[Session]) -> Iterator[Connection]:
    """Everything the block writes, in one transaction on one connection, undone at its end.

    The app's sessions (`sessions`, which `db.transaction()` and so `get_session` draw from) join
    that transaction through a savepoint each: their commit releases the savepoint and the unit of
    work's after-commit hooks run as in production, their rollback undoes only their own part.
    Another connection would not see the rows (PostgreSQL), or would wait for the write lock this
    one holds (SQLite's BEGIN IMMEDIATE), so asking the engine for one is an error that says what
    to do instead of a 30-second wait.
    """
    connection = engine.connect()
    # Through the engine's "begin" hook: BEGIN IMMEDIATE on SQLite, so the savepoints below nest
    # in a transaction pysqlite leaves alone (db.py turns its own transaction handling off).
    outer = connection.begin()
    configured = dict(sessions.kw)
    sessions.configure(bind=connection, join_transaction_mode="create_savepoint")

    def refuse_another(*_: object) -> None:
        raise SecondConnection(
            "this test runs in a rolled-back transaction on one connection and asked for another:"
            " mark it @pytest.mark.own_database (tests/conftest.py)"
        )

    event.listen(engine, "checkout", refuse_another)
    try:
        yield connection
    finally:
        event.remove(engine, "checkout", refuse_another)
        sessions.kw.clear()
        sessions.kw.update(configured)
        outer.rollback()
        connection.close()


def empty_all_tables(engine: Engine, table_names: list[str]) -> None:
    """Reset between tests that cannot be rolled back: the live server's and those marked
    `own_database` (several connections) commit for real."""
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            # TRUNCATE gives each table new files, empty or not: 70 ms for all of them after every
            # test. Only the tables the test wrote to are truncated, with the same result.
            touched = connection.execute(text(_touched_tables_query(table_names))).scalars().all()
            if touched:
                connection.execute(text(f"TRUNCATE {', '.join(touched)} RESTART IDENTITY CASCADE"))
        else:
            for name in reversed(table_names):
                connection.execute(text(f"DELETE FROM {name}"))


def _touched_tables_query(table_names: list[str]) -> str:
    """The tables holding rows, and those whose id sequence was drawn from (an insert rolled back
    still moves it): what a test wrote to."""
    holding_rows = [f"SELECT '{name}' FROM (SELECT FROM {name} LIMIT 1) AS {name}" for name in table_names]
    names = ", ".join(f"'{name}'" for name in table_names)
    drawn_sequences = (
        "SELECT owner.relname FROM pg_sequences AS sequence"
        " JOIN pg_class AS sequence_class ON sequence_class.relname = sequence.sequencename"
        " AND sequence_class.relnamespace = sequence.schemaname::regnamespace"
        " JOIN pg_depend AS dependency ON dependency.objid = sequence_class.oid AND dependency.deptype IN ('a', 'i')"
        " JOIN pg_class AS owner ON owner.oid = dependency.refobjid"
        f" WHERE sequence.last_value IS NOT NULL AND owner.relname IN ({names})"
    )
    return " UNION ".join([*holding_rows, drawn_sequences])
