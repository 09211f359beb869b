"""`make bench`, warehouse part: scan-to-received latency at the station.

50 approved returns are created through the API; a signed-in warehouse user then "scans" each
one: POST /warehouse/receipts, and the clock stops when a separate database connection reads the
return as `received` (the status committed, not just answered). /healthz is timed in the same
run, interleaved with the scans, so the ratio between the two survives a noisy machine. SQLite,
and PostgreSQL when it can be reached. Latency is reported, never asserted.

Run alone: backend/.venv/bin/python -m bench.warehouse_bench
Results: bench/results/warehouse.json and .md
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import psycopg

from . import databases
from .seed import new_key, return_body, seed_orders
from .server import BACKEND_DIR, Service, service_env
from .stats import percentile

sys.path.insert(0, str(BACKEND_DIR))  # to create the warehouse user straight in the database
SCANS = int(os.environ.get("RETURNDESK_BENCH_SCANS", "50"))
RESULTS_DIR = Path(__file__).resolve().parent / "results"
USERNAME, PASSWORD = "bench-wim", "bench-warehouse-password"


def add_warehouse_user(database_url: str) -> None:
    from returndesk.db import make_engine
    from returndesk.staff.service import add_staff
    from sqlalchemy.orm import Session

    engine = make_engine(database_url)
    try:
        with Session(engine) as session, session.begin():
            add_staff(session, username=USERNAME, password=PASSWORD, role="warehouse", display_name="Bench Wim")
    finally:
        engine.dispose()


def committed_status(database_url: str, rma_number: str) -> str | None:
    """The return's status as another connection sees it: only what was committed."""
    canonical = rma_number.removeprefix("RMA-").replace("-", "")
    if database_url.startswith("sqlite"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as connection:
            row = connection.execute("SELECT status FROM rmas WHERE number = ?", (canonical,)).fetchone()
    else:
        with psycopg.connect(databases._bench_dsn()) as connection:
            row = connection.execute("SELECT status FROM rmas WHERE number = %s", (canonical,)).fetchone()
    return row[0] if row else None


def approved_returns(base_url: str, shop_token: str) -> list[str]:
    numbers = []
    with httpx.Client(base_url=base_url, timeout=30) as api:
        for order, headers in seed_orders(base_url, shop_token, SCANS):
            answer = api.post("/returns", json=return_body(order), headers={**headers, **new_key()})
            answer.raise_for_status()
            assert answer.json()["status"] == "approved", answer.text
            numbers.append(answer.json()["rma_number"])
    return numbers


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def run(database_url: str, tmp: Path) -> dict[str, Any]:
    shop_token = secrets.token_urlsafe(24)
    env = service_env(database_url, shop_token, secrets.token_urlsafe(32))
    databases.migrate(database_url, env)
    add_warehouse_user(database_url)
    with Service(env, tmp / "warehouse-service.log") as service:
        numbers = approved_returns(service.base_url, shop_token)
        with httpx.Client(base_url=service.base_url, timeout=30) as station:
            login = station.post("/staff/sessions", json={"username": USERNAME, "password": PASSWORD})
            login.raise_for_status()
            station.headers["X-CSRF-Token"] = login.json()["csrf_token"]
            # The production cookie is Secure, which httpx keeps off plain-HTTP loopback: send it as is.
            station.headers["Cookie"] = login.headers["set-cookie"].split(";", 1)[0]
            station.cookies.clear()
            station.get("/healthz")  # warm the connection pool before timing anything
            scans, answered, health = [], [], []
            for number in numbers:
                started = time.perf_counter()
                station.get("/healthz").raise_for_status()
                health.append(time.perf_counter() - started)

                started = time.perf_counter()
                answer = station.post("/warehouse/receipts", json={"rma_number": number})
                answered.append(time.perf_counter() - started)
                if answer.status_code != 201:
                    raise RuntimeError(f"scan of {number} answered {answer.status_code}: {answer.text}")
                while committed_status(database_url, number) != "received":
                    pass  # polled, not slept: the first read after the answer normally sees it
                scans.append(time.perf_counter() - started)
    p50, p95 = percentile(scans, 50), percentile(scans, 95)
    h50, h95 = percentile(health, 50), percentile(health, 95)
    return {
        "database": ("" if database_url.startswith("sqlite") else "PostgreSQL ")
        + databases.server_version(database_url),
        "scans": len(scans),
        "scan_to_received_ms": {"p50": ms(p50), "p95": ms(p95), "max": ms(max(scans))},
        "post_answered_ms": {"p50": ms(percentile(answered, 50)), "p95": ms(percentile(answered, 95))},
        "healthz_ms": {"p50": ms(h50), "p95": ms(h95)},
        "ratio_to_healthz": {"p50": round(p50 / h50, 1), "p95": round(p95 / h95, 1)},
    }


def main() -> int:
    results = []
    with tempfile.TemporaryDirectory(prefix="returndesk-warehouse-bench-") as folder:
        tmp = Path(folder)
        results.append(run(databases.fresh_sqlite(tmp, "warehouse"), tmp))
        try:
            url = databases.fresh_postgres()
        except Exception as exc:
            print(f"PostgreSQL part skipped: {exc}", file=sys.stderr)
        else:
            try:
                results.append(run(url, tmp))
            finally:
                databases.drop_postgres()
    lines = [
        "# Warehouse station: scan-to-received latency",
        "",
        f"{SCANS} scans, one after another, by a signed-in warehouse user: POST /warehouse/receipts until "
        "another database connection reads the return as received. /healthz timed in the same run, "
        "interleaved. One uvicorn worker on loopback.",
        "",
        "| Database | scan->received p50 | p95 | POST answered p50 | /healthz p50 | p95 | ratio p50 | ratio p95 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        s, h, a, q = r["scan_to_received_ms"], r["healthz_ms"], r["post_answered_ms"], r["ratio_to_healthz"]
        lines.append(
            f"| {r['database']} | {s['p50']} ms | {s['p95']} ms | {a['p50']} ms | {h['p50']} ms | {h['p95']} ms "
            f"| {q['p50']}x | {q['p95']}x |"
        )
    lines += ["", f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC."]
    RESULTS_DIR.mkdir(exist_ok=True)
    (RESULTS_DIR / "warehouse.json").write_text(json.dumps(results, indent=2) + "\n")
    (RESULTS_DIR / "warehouse.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
