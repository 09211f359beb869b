"""`make bench-analytics`: the analytics dashboard's queries on PostgreSQL at a million return lines.

A fresh PostgreSQL database (`returndesk_bench_analytics`, its own name so other benches never
drop it) is migrated and filled by the insights generator (`python -m tools.generate
--return-lines N` in backend/, default 1,000,000), then VACUUM ANALYZEd as
autovacuum would. The real service runs in a subprocess; a signed-in supervisor calls every
dashboard endpoint, each call next to a /healthz call, so the ratio to /healthz survives a noisy
machine; `SELECT count(*) FROM rma_lines` on its own connection is a second, database-only
baseline. Twice: computed live from the tables (LIVE_RUNS times: slow at this size, which is
why the rollups exist), then after `python -m returndesk.analytics.rollups` filled the rollups
(timed) RUNS times. Latency is reported, never asserted.

Run alone: backend/.venv/bin/python -m bench.analytics_bench
Environment: RETURNDESK_BENCH_RETURN_LINES (1000000), RETURNDESK_BENCH_RUNS (7), _LIVE_RUNS (2),
RETURNDESK_BENCH_REUSE=1 to keep a database an earlier run generated (skips the generation),
RETURNDESK_BENCH_ANALYTICS_DB (returndesk_bench_analytics).
Results: bench/results/analytics.json and .md
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import psycopg

from . import databases
from .server import BACKEND_DIR, VENV_BIN, Service, service_env
from .stats import percentile

sys.path.insert(0, str(BACKEND_DIR))  # to create the supervisor straight in the database
RETURN_LINES = int(os.environ.get("RETURNDESK_BENCH_RETURN_LINES", "1000000"))
RUNS = int(os.environ.get("RETURNDESK_BENCH_RUNS", "7"))
LIVE_RUNS = int(os.environ.get("RETURNDESK_BENCH_LIVE_RUNS", "2"))
REUSE = os.environ.get("RETURNDESK_BENCH_REUSE") == "1"
DATABASE = os.environ.get("RETURNDESK_BENCH_ANALYTICS_DB", "returndesk_bench_analytics")
RESULTS_DIR = Path(__file__).resolve().parent / "results"
USERNAME, PASSWORD = "bench-sue", "bench-supervisor-password"
# What the dashboard asks for on a first visit (default range: the last 90 days) and when filtered.
QUERIES = {
    "summary": ("/analytics/summary", {}),
    "summary, one category": ("/analytics/summary", {"category": "shoes"}),
    "return rates by category": ("/analytics/return-rates", {"by": "category"}),
    "return rates by SKU": ("/analytics/return-rates", {"by": "sku"}),
    "return rates by month": ("/analytics/return-rates", {"by": "month"}),
    "reasons": ("/analytics/reasons", {}),
    "reasons by SKU": ("/analytics/reasons", {"by": "sku"}),
    "insights": ("/analytics/insights", {}),
}


def dsn() -> str:
    return databases.POSTGRES_ADMIN_DSN.rsplit("/", 1)[0] + f"/{DATABASE}"


def prepare(env: dict[str, str]) -> dict[str, Any]:
    """A migrated, generated and analysed database; what it holds and how long generation took."""
    url = dsn().replace("postgresql://", "postgresql+psycopg://", 1)
    generated_s = None
    if not (REUSE and _has_data()):
        with psycopg.connect(databases.POSTGRES_ADMIN_DSN, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
            admin.execute(f"CREATE DATABASE {DATABASE}")
        databases.migrate(url, env)
        started = time.monotonic()
        command = [str(VENV_BIN / "python"), "-m", "tools.generate", "--return-lines", str(RETURN_LINES)]
        subprocess.run([*command, "--seed", "7", "--database-url", url], cwd=BACKEND_DIR, check=True)
        generated_s = round(time.monotonic() - started, 1)
    databases.migrate(url, env)  # a reused database gets indexes added since it was generated
    with psycopg.connect(dsn(), autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")
        sizes = {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # fixed table names
            for table in ("orders", "order_lines", "rmas", "rma_lines", "rma_events")
        }
        version = connection.execute("SHOW server_version").fetchone()[0]
    add_supervisor(url)
    return {"rows": sizes, "generated_seconds": generated_s, "postgresql": version, "url": url}


def _has_data() -> bool:
    try:
        with psycopg.connect(dsn()) as connection:
            return connection.execute("SELECT count(*) FROM rma_lines").fetchone()[0] > 0
    except psycopg.Error:
        return False


def add_supervisor(database_url: str) -> None:
    from returndesk.db import make_engine
    from returndesk.models import StaffUser
    from returndesk.staff.service import add_staff
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    engine = make_engine(database_url)
    try:
        with Session(engine) as session, session.begin():
            if session.scalar(select(StaffUser.id).where(StaffUser.username == USERNAME)):
                return  # a reused database has them already
            add_staff(session, username=USERNAME, password=PASSWORD, role="supervisor", display_name="Bench Sue")
    finally:
        engine.dispose()


def timed(call) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def measure(base_url: str, runs: int) -> dict[str, dict[str, Any]]:
    with httpx.Client(base_url=base_url, timeout=600) as client, psycopg.connect(dsn()) as db:
        login = client.post("/staff/sessions", json={"username": USERNAME, "password": PASSWORD})
        login.raise_for_status()
        # The production cookie is Secure, which httpx keeps off plain-HTTP loopback: send it as is.
        client.headers["Cookie"] = login.headers["set-cookie"].split(";", 1)[0]
        client.cookies.clear()
        queries = dict(QUERIES)
        if client.get(queries["insights"][0]).status_code == 404:
            del queries["insights"]  # the insights endpoint is not there (yet)
        for path, params in queries.values():  # warm caches and the pool once, untimed
            client.get(path, params=params).raise_for_status()
        times: dict[str, list[float]] = {name: [] for name in [*queries, "/healthz", "count(*) rma_lines"]}
        for _ in range(runs):
            for name, (path, params) in queries.items():
                times["/healthz"].append(timed(lambda: client.get("/healthz").raise_for_status()))
                times[name].append(timed(lambda p=path, q=params: client.get(p, params=q).raise_for_status()))
            times["count(*) rma_lines"].append(timed(lambda: db.execute("SELECT count(*) FROM rma_lines").fetchone()))
    return {name: summarise(values) for name, values in times.items()}


def summarise(values: list[float]) -> dict[str, Any]:
    return {"runs": len(values), "p50_ms": ms(percentile(values, 50)), "p95_ms": ms(percentile(values, 95))}


def ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)


def markdown(result: dict[str, Any]) -> str:
    data, rows = result["database"], result["database"]["rows"]
    generated = f"generated in {data['generated_seconds']} s" if data["generated_seconds"] else "reused"
    lines = [
        "# Analytics dashboard queries at scale",
        "",
        f"PostgreSQL {data['postgresql']}: {rows['rma_lines']:,} return lines, {rows['rmas']:,} returns, "
        f"{rows['orders']:,} orders, {rows['order_lines']:,} order lines, {rows['rma_events']:,} events "
        f"({generated}). Default range (last 90 days), a signed-in supervisor, one uvicorn worker on "
        "loopback; /healthz timed next to every call. Filling the rollups "
        f"(`python -m returndesk.analytics.rollups`) took {result['rollup_refresh_seconds']} s.",
        "",
        "| Query | live p50 | live / healthz | rollups p50 | rollups p95 | rollups / healthz |",
        "|---|---|---|---|---|---|",
    ]
    live, fast = result["live"], result["rollups"]
    for name, t in fast.items():
        before = live.get(name, {})
        lines.append(
            f"| {name} | {before.get('p50_ms')} ms | {_ratio(before, live)} | {t['p50_ms']} ms | {t['p95_ms']} ms "
            f"| {_ratio(t, fast)} |"
        )
    lines += ["", f"Live: {LIVE_RUNS} runs each; rollups: {RUNS} runs each. Measured {result['measured']}."]
    return "\n".join(lines) + "\n"


def _ratio(times: dict[str, Any], table: dict[str, dict[str, Any]]) -> str:
    health = table["/healthz"]["p50_ms"]
    return f"{round(times['p50_ms'] / health, 1)}x" if times.get("p50_ms") and health else "-"


def main() -> int:
    from returndesk.analytics import rollups
    from returndesk.db import make_engine

    env = service_env(dsn(), secrets.token_urlsafe(24), secrets.token_urlsafe(32))
    database = prepare(env)
    env["RETURNDESK_DATABASE_URL"] = database.pop("url")
    folder = tempfile.TemporaryDirectory(prefix="returndesk-analytics-bench-")
    engine = make_engine(env["RETURNDESK_DATABASE_URL"])
    try:
        with folder, Service(env, Path(folder.name) / "analytics-service.log") as service:
            rollups.empty(engine)
            live = measure(service.base_url, LIVE_RUNS)
            took = rollups.refresh(engine)
            if took is None:
                raise SystemExit("another process is refreshing these rollups; run the bench again when it is done")
            refresh_seconds = round(took, 1)
            fast = measure(service.base_url, RUNS)
    finally:
        engine.dispose()
    result = {
        "database": database,
        "rollup_refresh_seconds": refresh_seconds,
        "live": live,
        "rollups": fast,
        "measured": f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
    }
    RESULTS_DIR.mkdir(exist_ok=True)
    (RESULTS_DIR / "analytics.json").write_text(json.dumps(result, indent=2) + "\n")
    (RESULTS_DIR / "analytics.md").write_text(markdown(result))
    print(markdown(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
