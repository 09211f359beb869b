"""Fresh, migrated databases for one benchmark run: a SQLite file and PostgreSQL `returndesk_bench`.

The bench database has its own name, so it never touches what the tests use.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

import psycopg

from .server import BACKEND_DIR, VENV_BIN

POSTGRES_ADMIN_DSN = os.environ.get("RETURNDESK_BENCH_POSTGRES_DSN", "postgresql://root@127.0.0.1:5432/test")
BENCH_DATABASE = "returndesk_bench"


def fresh_sqlite(tmp_dir: Path, name: str) -> str:
    path = tmp_dir / f"{name}.sqlite3"
    path.unlink(missing_ok=True)
    return f"sqlite:///{path}"


def fresh_postgres() -> str:
    with psycopg.connect(POSTGRES_ADMIN_DSN, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {BENCH_DATABASE}")
    return _sqlalchemy_url(_bench_dsn())


def drop_postgres() -> None:
    with psycopg.connect(POSTGRES_ADMIN_DSN, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")


def migrate(database_url: str, env: dict[str, str]) -> None:
    """`alembic upgrade head` exactly as `make migrate` runs it, against this database."""
    result = subprocess.run(
        [str(VENV_BIN / "alembic"), "upgrade", "head"],
        cwd=BACKEND_DIR,
        env={**env, "RETURNDESK_DATABASE_URL": database_url},
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"alembic upgrade head failed:\n{result.stdout}\n{result.stderr}")


def rma_counts(database_url: str) -> tuple[int, int]:
    """(rows, distinct numbers) in rmas, read straight from the database, not through the API."""
    query = "SELECT count(*), count(DISTINCT number) FROM rmas"
    if database_url.startswith("sqlite"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as connection:
            return tuple(connection.execute(query).fetchone())
    with psycopg.connect(_bench_dsn()) as connection:
        return tuple(connection.execute(query).fetchone())


def server_version(database_url: str) -> str:
    if database_url.startswith("sqlite"):
        return f"SQLite {sqlite3.sqlite_version} (Python's sqlite3)"
    with psycopg.connect(_bench_dsn()) as connection:
        return connection.execute("SHOW server_version").fetchone()[0]


def _bench_dsn() -> str:
    return POSTGRES_ADMIN_DSN.rsplit("/", 1)[0] + f"/{BENCH_DATABASE}"


def _sqlalchemy_url(dsn: str) -> str:
    return dsn.replace("postgresql://", "postgresql+psycopg://", 1)
