"""Test session: a migrated database, the real service on a free port, and API helpers.

Settings are read from the environment, so the database URL and secrets are set here before
the application is imported.

How a test's rows are undone:
- a test that touches the database runs in one transaction rolled back at its end
  (databases.rolled_back): its sessions and the units of work it calls commit to savepoints;
- a test of the live service (it uses `base_url`, and so `api` or `signed_in`; marked `e2e`), or one
  marked `own_database` (several connections: threads, locks, a worker, reads from a second
  session, the engine itself), commits for real, and the tables it wrote to are emptied after it.
"""

from __future__ import annotations

import os
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest
import uvicorn

from .databases import chosen_backend, empty_all_tables, prepare_database, require_postgres_in_ci, rolled_back
from .http import http_client

_TMP = Path(tempfile.mkdtemp(prefix="returndesk-tests-"))
os.environ["RETURNDESK_ENVIRONMENT"] = "test"
os.environ["RETURNDESK_SHOP_API_TOKEN"] = SHOP_TOKEN = "test-shop-token"
os.environ["RETURNDESK_SECRET_KEY"] = "test-secret-key"
os.environ["RETURNDESK_CHAT_SECRET"] = CHAT_SECRET = "test-chat-secret-0123456789abcdefghijkl"
os.environ["RETURNDESK_SHOP_CONTEXT_SECRET"] = SHOP_CONTEXT_SECRET = "test-shop-context-secret-0123456789abcd"
os.environ["RETURNDESK_CHAT_ALLOWED_ORIGINS"] = SHOP_ORIGIN = "https://shop.example"
os.environ["RETURNDESK_EVIDENCE_DIR"] = str(EVIDENCE_DIR := _TMP / "evidence")
# What the development mail sink saves, and the console's Outbox mail reads (tests/sent_mail/).
os.environ["RETURNDESK_MAIL_SINK_DIR"] = str(MAIL_SINK_DIR := _TMP / "mail")
os.environ["RETURNDESK_EVIDENCE_LINK_SECRET"] = "test-evidence-link-secret"
os.environ.setdefault("RETURNDESK_RASA_TOKEN", "test-rasa-token")
os.environ["RETURNDESK_CHAT_SESSIONS_PER_CLIENT"] = str(CHAT_SESSIONS_PER_CLIENT := 8)
# One pass over 64 KiB: the same argon2id code at a cost the thousands of staff the tests create and
# sign in can afford (the default cost took about a fifth of the suite's time).
os.environ["RETURNDESK_PASSWORD_HASH_TIME_COST"] = "1"
os.environ["RETURNDESK_PASSWORD_HASH_MEMORY_KIB"] = "64"


def pytest_report_header() -> str:
    return f"returndesk database: {chosen_backend()}"


def pytest_sessionstart(session: pytest.Session) -> None:
    require_postgres_in_ci()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Derived from the fixture rather than written on each test, so no test of the live service
    # escapes `-m "not e2e"`.
    for item in items:
        if "base_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def database_url() -> str:
    url = prepare_database(_TMP)
    os.environ["RETURNDESK_DATABASE_URL"] = url
    return url


@pytest.fixture(scope="session")
def engine(database_url: str):
    from returndesk.db import get_engine

    return get_engine()


def _commits_for_real(request: pytest.FixtureRequest) -> bool:
    node = request.node
    return node.get_closest_marker("e2e") is not None or node.get_closest_marker("own_database") is not None


@pytest.fixture(autouse=True)
def _undo_what_the_test_wrote(request: pytest.FixtureRequest) -> Iterator[None]:
    """Autouse, so it is in place before the `session` a test asks for is opened."""
    if "engine" in request.fixturenames and not _commits_for_real(request):
        from returndesk.db import get_sessionmaker

        with rolled_back(request.getfixturevalue("engine"), get_sessionmaker()):
            yield
    else:
        yield
        # Seen here also when the test asked for it with request.getfixturevalue.
        if "engine" in request.fixturenames:
            from returndesk.models import Base

            engine = request.getfixturevalue("engine")
            empty_all_tables(engine, [table.name for table in Base.metadata.sorted_tables])
    if "base_url" in request.fixturenames and request.node.get_closest_marker("e2e") is None:
        pytest.fail("this test asked for the live service with request.getfixturevalue: mark it @pytest.mark.e2e")


@pytest.fixture(autouse=True)
def _one_rate_limit_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rate limits count in fixed windows (a new one every quarter of an hour, returndesk/rate_limit/):
    a test counting up to a limit while the clock crosses into the next window starts again from
    zero and fails, more often on a busy machine. Within a test the limiter's clock stands still."""
    from returndesk.rate_limit import service as rate_limit

    now = time.time()
    monkeypatch.setattr(rate_limit, "time", SimpleNamespace(time=lambda: now))


@pytest.fixture
def session(engine):
    from returndesk.db import get_sessionmaker

    with get_sessionmaker()() as session:
        yield session


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def base_url(engine) -> Iterator[str]:
    """The real service over real HTTP, in a background thread of the test process."""
    from returndesk.main import create_app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning", ws="none"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the returns service did not start")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def api(base_url: str, engine) -> Iterator[httpx.Client]:
    with http_client(base_url=f"{base_url}/api/v1", timeout=30) as client:
        yield client


@pytest.fixture
def shop_headers() -> dict[str, str]:
    return {"Authorization": f"Bearer {SHOP_TOKEN}"}


@pytest.fixture
def signed_in(session, base_url: str):
    """`signed_in("alice", "agent")`: a new console user with that role, and an API client signed
    in as them (cookie and CSRF header set); closed after the test."""
    from .staff_helpers import make_staff, staff_client

    clients: list[httpx.Client] = []

    def sign_in(username: str, role: str, **extra) -> httpx.Client:
        make_staff(session, username, role, **extra)
        clients.append(staff_client(base_url, username))
        return clients[-1]

    yield sign_in
    for client in clients:
        client.close()


@pytest.fixture
def db(engine):
    """Short database reads for assertions (see tests/ledger/helpers.py)."""
    from returndesk.db import get_sessionmaker

    from .ledger.helpers import Db

    return Db(get_sessionmaker())
