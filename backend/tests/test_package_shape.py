"""Every package keeps the same shape: its queries sit in repository.py (or a worker's tasks.py),
never in a service, an endpoint or a presenter. The check reads the source; it imports nothing.

A query is a statement built with SQLAlchemy's `select`, `update`, `delete`, `insert` or `exists`,
or a session asked for rows (`session.execute`, `.scalars`, `.scalar`, `.get`, `.query`)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "returndesk"

# Files whose job is to query.
QUERY_FILES = {"repository.py", "tasks.py"}
QUERY_PLACES = {"db.py", "models"}  # the session machinery; the tables (and their own lookups)

# Not yet converted: their queries still sit in services and endpoints. Take a package off this
# list once it keeps every query in its repository.py; never add one.
NOT_YET_CONVERTED = {
    "analytics",
    "chat",
    "console",
    "demo",
    "escalation",
    "label",
    "storefront",
}

# Files that query for a reason other than data.
EXEMPT = {
    "main.py": "the health check asks the database whether it answers (SELECT 1)",
}

STATEMENTS = {"select", "update", "delete", "insert", "exists"}
SESSION_READS = {"execute", "scalars", "scalar", "get", "query"}


def statement_names(tree: ast.Module) -> set[str]:
    """The local names bound to SQLAlchemy's statement builders (`insert as pg_insert` too)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "sqlalchemy":
            names |= {alias.asname or alias.name for alias in node.names if alias.name in STATEMENTS}
    return names


def is_session(node: ast.expr) -> bool:
    """`session`, `db`, `self.session`, `self.sessions()`-style receivers of a read."""
    if isinstance(node, ast.Name):
        return node.id in {"session", "db"}
    if isinstance(node, ast.Attribute):
        return node.attr in {"session", "db"}
    return False


def queries_in(source: str) -> list[str]:
    """`line: what` for each query in a module's source."""
    tree = ast.parse(source)
    builders = statement_names(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in builders:
            found.append(f"{node.lineno}: {func.id}(")
        elif isinstance(func, ast.Attribute) and func.attr in SESSION_READS and is_session(func.value):
            found.append(f"{node.lineno}: {ast.unparse(func)}(")
    return sorted(found, key=lambda hit: int(hit.split(":")[0]))


def may_query(relative: Path) -> bool:
    parts = relative.parts
    if relative.name in QUERY_FILES or parts[0] in QUERY_PLACES or parts[0] in NOT_YET_CONVERTED:
        return True
    return relative.as_posix() in EXEMPT


def offenders(root: Path) -> dict[str, list[str]]:
    found = {}
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if may_query(relative):
            continue
        hits = queries_in(path.read_text())
        if hits:
            found[relative.as_posix()] = hits
    return found


def test_queries_live_in_repositories():
    found = offenders(PACKAGE)
    assert not found, "queries outside repository.py / tasks.py (move them into the package's repository.py):\n" + (
        "\n".join(f"  {path} {hit}" for path, hits in found.items() for hit in hits)
    )


def test_the_allow_list_names_only_packages_that_exist():
    assert {path.name for path in PACKAGE.iterdir()} >= NOT_YET_CONVERTED | EXEMPT.keys()


@pytest.mark.parametrize(
    "planted",
    [
        pytest.param("from sqlalchemy import select\n\ndef f(session):\n    return select(1)\n", id="select"),
        pytest.param("from sqlalchemy import update as u\n\ndef f():\n    return u(1)\n", id="renamed update"),
        pytest.param("def f(session, Rma):\n    return session.get(Rma, 1)\n", id="session.get"),
        pytest.param("def f(self, q):\n    return self.session.scalars(q)\n", id="self.session.scalars"),
        pytest.param("def f(session, q):\n    return session.execute(q)\n", id="session.execute"),
    ],
)
def test_a_query_planted_in_a_service_fails_the_check(tmp_path, planted):
    service = tmp_path / "parcel" / "service.py"
    service.parent.mkdir()
    service.write_text(planted)
    (tmp_path / "parcel" / "repository.py").write_text(planted)  # the same in its repository is fine
    assert list(offenders(tmp_path)) == ["parcel/service.py"]


def test_a_method_of_the_same_name_is_no_query():
    assert queries_in("def f(form, totals):\n    form.update(x=1)\n    return totals.get('a')\n") == []
