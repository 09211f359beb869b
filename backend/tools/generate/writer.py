"""Writing a chunk of rows in bulk: COPY on PostgreSQL, executemany on SQLite.

Both run inside the caller's transaction, so a failed run leaves nothing behind. Ids are given
by the generator, so PostgreSQL's sequences are moved past them at the end (`advance_sequences`).
"""

from __future__ import annotations

import json

from sqlalchemy import Connection, func, select, text

from returndesk.models import Base

from .tables import COLUMNS, JSON_COLUMNS, TABLES, Rows

_JSON_POSITIONS = {
    table: tuple(i for i, column in enumerate(columns) if (table, column) in JSON_COLUMNS)
    for table, columns in COLUMNS.items()
}


def next_ids(connection: Connection) -> dict[str, int]:
    """The first free id of every table the generator writes."""
    ids = {}
    for name in TABLES:
        table = Base.metadata.tables[name]
        ids[name] = (connection.scalar(select(func.max(table.c.id))) or 0) + 1
    return ids


def begin_bulk(connection: Connection) -> None:
    """PostgreSQL: skip the per-row foreign-key triggers for this transaction, as pg_restore does
    (the generator builds every reference itself, and the tests check them). Needs a superuser;
    for anyone else the load simply runs with the checks, slower."""
    if connection.dialect.name != "postgresql":
        return
    if connection.scalar(text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")):
        connection.execute(text("SET LOCAL session_replication_role = replica"))


def write(connection: Connection, rows: Rows) -> None:
    for name in TABLES:
        batch = rows.by_table.get(name)
        if not batch:
            continue
        if connection.dialect.name == "postgresql":
            _copy(connection, name, batch)
        else:
            columns = COLUMNS[name]
            connection.execute(
                Base.metadata.tables[name].insert(), [dict(zip(columns, row, strict=True)) for row in batch]
            )


def _copy(connection: Connection, name: str, batch: list[tuple]) -> None:
    json_positions = _JSON_POSITIONS[name]
    cursor = connection.connection.driver_connection.cursor()
    with cursor.copy(f"COPY {name} ({', '.join(COLUMNS[name])}) FROM STDIN") as copy:
        for row in batch:
            if json_positions:
                row = list(row)
                for position in json_positions:
                    row[position] = json.dumps(row[position])
            copy.write_row(row)


def advance_sequences(connection: Connection) -> None:
    """PostgreSQL only: the next id the service takes must follow the generated ones."""
    if connection.dialect.name != "postgresql":
        return
    for name in TABLES:
        connection.execute(
            text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), COALESCE((SELECT MAX(id) FROM {name}), 1))")
        )
        connection.execute(text(f"ANALYZE {name}"))
