"""`make bench`, returns service part: throughput, latency and integrity under concurrency.

For each database (a fresh SQLite file, a fresh PostgreSQL `returndesk_bench`) and each uvicorn
worker count, it migrates the database, starts the real service, seeds orders through the API,
then measures `GET /healthz` (baseline), `POST /policy/evaluate` and `POST /returns` at 1 and 16
clients and photo uploads (bench/evidence_bench.py), and checks that concurrent creation never
duplicates an RMA number and that a request retried concurrently with one Idempotency-Key
creates exactly one return.

Knobs (environment): BENCH_DBS="sqlite postgresql", BENCH_WORKERS="1 2", BENCH_SECONDS=3.
"""

from __future__ import annotations

import os
import platform
import secrets
import shutil
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

import httpx

from . import databases, evidence_bench, report
from .load import LoadResult, run_load
from .seed import evaluate_body, new_key, return_body, seed_orders
from .server import Service, service_env

CONCURRENCY = (1, 16)
SECONDS_PER_CELL = float(os.environ.get("BENCH_SECONDS", "3"))
MAX_REQUESTS_PER_CELL = 5000
WARMUP_REQUESTS = 40  # fills the connection pool and imports lazy code paths before timing
ORDERS = 64  # one per client in the widest run, so clients never queue on one order's row lock
DUPLICATE_CHECK_REQUESTS = 1000
DUPLICATE_CHECK_CLIENTS = 64
IDEMPOTENCY_CLIENTS = 20
GOAL = {"db": "postgresql", "endpoint": "POST /returns", "min_rps": 300.0, "max_p95_ms": 50.0}


def main() -> int:
    dbs = os.environ.get("BENCH_DBS", "sqlite postgresql").split()
    worker_counts = [int(w) for w in os.environ.get("BENCH_WORKERS", "1 2").split()]
    tmp_dir = Path(tempfile.mkdtemp(prefix="returndesk-bench-"))
    results: dict[str, Any] = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "settings": {
            "seconds_per_cell": SECONDS_PER_CELL,
            "max_requests_per_cell": MAX_REQUESTS_PER_CELL,
            "concurrency": list(CONCURRENCY),
            "workers": worker_counts,
            "orders": ORDERS,
            "load_generator": "closed loop, one thread + one keep-alive httpx.Client per client",
        },
        "databases": {},
        "throughput": [],
        "integrity": [],
        "evidence": {"uploads": []},
    }
    photo = evidence_bench.realistic_photo()
    began = time.monotonic()
    try:
        for db in dbs:
            for workers in worker_counts:
                print(f"== {db}, {workers} worker(s)", flush=True)
                bench_one_server(db, workers, tmp_dir, results, photo)
    finally:
        shutil.rmtree(tmp_dir, ignore_errors=True)
        if "postgresql" in dbs:
            try:
                databases.drop_postgres()
            except Exception as exc:  # cleanup must not hide the real error
                print(f"could not drop {databases.BENCH_DATABASE}: {exc}", file=sys.stderr)
    results["evidence"]["processing"] = evidence_bench.processing_times(photo)
    results["duration_s"] = round(time.monotonic() - began, 1)
    results["goal"] = judge_goal(results["throughput"])
    json_path, md_path = report.write(results)
    print()
    print(report.markdown(results))
    print(
        f"written: {json_path.relative_to(Path.cwd()) if json_path.is_relative_to(Path.cwd()) else json_path}, "
        f"{md_path.name} ({results['duration_s']} s)"
    )
    return 0 if all(check["passed"] for check in results["integrity"]) else 1


def bench_one_server(db: str, workers: int, tmp_dir: Path, results: dict[str, Any], photo: bytes) -> None:
    shop_token, secret_key = secrets.token_urlsafe(24), secrets.token_urlsafe(32)
    url = databases.fresh_sqlite(tmp_dir, f"bench-w{workers}") if db == "sqlite" else databases.fresh_postgres()
    env = service_env(url, shop_token, secret_key)
    env["RETURNDESK_EVIDENCE_DIR"] = str(tmp_dir / f"evidence-{db}-w{workers}")
    databases.migrate(url, env)
    results["databases"][db] = databases.server_version(url)
    with Service(env=env, workers=workers, log_path=tmp_dir / f"service-{db}-w{workers}.log") as service:
        orders = seed_orders(service.base_url, shop_token, ORDERS)
        evaluate = evaluate_body()

        def healthz(client: httpx.Client, _worker: int, _seq: int) -> httpx.Response:
            return client.get("/healthz")

        def policy_evaluate(client: httpx.Client, _worker: int, _seq: int) -> httpx.Response:
            return client.post("/policy/evaluate", json=evaluate)

        def create_return(client: httpx.Client, worker: int, _seq: int) -> httpx.Response:
            number, auth = orders[worker % len(orders)]
            return client.post("/returns", json=return_body(number), headers={**auth, **new_key()})

        endpoints = (
            ("GET /healthz", healthz, 200),
            ("POST /policy/evaluate", policy_evaluate, 200),
            ("POST /returns", create_return, 201),
        )
        for concurrency in CONCURRENCY:
            baseline_rps = None
            # Baseline first, then the endpoints right after it: the closer in time, the less
            # the neighbours' noise differs between the baseline and what it normalises.
            for name, request, expected in endpoints:
                ok = lambda r, expected=expected: r.status_code == expected  # noqa: E731
                run_load(
                    service.base_url,
                    request,
                    concurrency=concurrency,
                    max_requests=WARMUP_REQUESTS,
                    max_seconds=5,
                    ok=ok,
                )
                cpu_server, cpu_client = service.cpu_seconds(), time.process_time()
                result = run_load(
                    service.base_url,
                    request,
                    concurrency=concurrency,
                    max_requests=MAX_REQUESTS_PER_CELL,
                    max_seconds=SECONDS_PER_CELL,
                    ok=ok,
                )
                cpu_server, cpu_client = service.cpu_seconds() - cpu_server, time.process_time() - cpu_client
                if baseline_rps is None:
                    baseline_rps = result.rps
                cell = throughput_cell(db, workers, name, result, baseline_rps, cpu_server, cpu_client)
                results["throughput"].append(cell)
                print(
                    f"  {name:<22} c={concurrency:<3} {cell['rps']:7.0f} req/s  p50 {cell['p50_ms']} ms  "
                    f"p95 {cell['p95_ms']} ms  ratio {cell['ratio_to_baseline']}  errors {cell['errors'] or 0}",
                    flush=True,
                )
        results["evidence"]["uploads"] += evidence_bench.upload_cells(db, workers, service, shop_token, photo)
        results["integrity"].append(duplicate_check(db, workers, service, url, orders))
        results["integrity"].append(idempotency_check(db, workers, service, url, orders[-1]))
        for check in results["integrity"][-2:]:
            print(f"  {check['check']}: {'PASS' if check['passed'] else 'FAIL'} {check}", flush=True)


def throughput_cell(
    db: str, workers: int, endpoint: str, result: LoadResult, baseline_rps: float, cpu_server: float, cpu_client: float
) -> dict[str, Any]:
    def rounded(value: float | None, digits: int = 2) -> float | None:
        return None if value is None else round(value, digits)

    return {
        "db": db,
        "workers": workers,
        "endpoint": endpoint,
        "concurrency": result.concurrency,
        "n": result.n,
        "ok": result.ok,
        "elapsed_s": round(result.elapsed_s, 3),
        "rps": round(result.rps, 1),
        "p50_ms": rounded(result.percentile(50)),
        "p95_ms": rounded(result.percentile(95)),
        "p99_ms": rounded(result.percentile(99)),
        "ratio_to_baseline": round(result.rps / baseline_rps, 3) if baseline_rps else None,
        "errors": dict(result.errors),
        "server_cpu_ms_per_req": rounded(cpu_server * 1000 / result.n if result.n else None),
        "client_cpu_ms_per_req": rounded(cpu_client * 1000 / result.n if result.n else None),
    }


def duplicate_check(
    db: str, workers: int, service: Service, url: str, orders: list[tuple[str, dict[str, str]]]
) -> dict[str, Any]:
    """1,000 returns created by 64 clients at once: every 201 must carry its own RMA number."""

    def create_return(client: httpx.Client, worker: int, _seq: int) -> httpx.Response:
        number, auth = orders[worker % len(orders)]
        return client.post("/returns", json=return_body(number), headers={**auth, **new_key()})

    rows_before, _ = databases.rma_counts(url)
    result = run_load(
        service.base_url,
        create_return,
        concurrency=DUPLICATE_CHECK_CLIENTS,
        max_requests=DUPLICATE_CHECK_REQUESTS,
        max_seconds=120,
        ok=lambda r: r.status_code == 201,
        keep_responses=True,
    )
    numbers = [r.json()["rma_number"] for r in result.responses if r.status_code == 201]
    rows, distinct = databases.rma_counts(url)
    passed = (
        result.n == DUPLICATE_CHECK_REQUESTS
        and len(numbers) == len(set(numbers)) == DUPLICATE_CHECK_REQUESTS
        and rows == distinct
        and rows - rows_before == len(numbers)
    )
    return {
        "db": db,
        "workers": workers,
        "check": "1000 concurrent creations",
        "concurrency": DUPLICATE_CHECK_CLIENTS,
        "sent": result.n,
        "created_201": len(numbers),
        "distinct_numbers_answered": len(set(numbers)),
        "duplicate_numbers_answered": len(numbers) - len(set(numbers)),
        "db_rows": rows,
        "db_distinct_numbers": distinct,
        "db_duplicates": rows - distinct,
        "db_rows_added": rows - rows_before,
        "other_statuses": dict(result.errors),
        "rps": round(result.rps, 1),
        "p95_ms": round(result.percentile(95) or 0, 2),
        "passed": passed,
    }


def idempotency_check(
    db: str, workers: int, service: Service, url: str, order: tuple[str, dict[str, str]]
) -> dict[str, Any]:
    """One request retried 20 times at once with the same Idempotency-Key: one return, 20 same answers."""
    number, auth = order
    headers = {**auth, "Idempotency-Key": f"bench-retry-{uuid.uuid4()}"}
    body = return_body(number)

    def retry(client: httpx.Client, _worker: int, _seq: int) -> httpx.Response:
        return client.post("/returns", json=body, headers=headers)

    rows_before, _ = databases.rma_counts(url)
    result = run_load(
        service.base_url,
        retry,
        concurrency=IDEMPOTENCY_CLIENTS,
        max_requests=IDEMPOTENCY_CLIENTS,
        max_seconds=60,
        ok=lambda r: r.status_code == 201,
        keep_responses=True,
        start_together=True,
    )
    created = [r for r in result.responses if r.status_code == 201]
    numbers = {r.json()["rma_number"] for r in created}
    replayed = sum(r.headers.get("Idempotent-Replayed") == "true" for r in created)
    rows, distinct = databases.rma_counts(url)
    passed = (
        len(created) == IDEMPOTENCY_CLIENTS
        and len(numbers) == 1
        and rows - rows_before == 1
        and replayed == IDEMPOTENCY_CLIENTS - 1
    )
    return {
        "db": db,
        "workers": workers,
        "check": "same Idempotency-Key x20 at once",
        "concurrency": IDEMPOTENCY_CLIENTS,
        "sent": result.n,
        "created_201": len(created),
        "distinct_numbers_answered": len(numbers),
        "replayed": replayed,
        "db_rows": rows,
        "db_distinct_numbers": distinct,
        "db_rows_added": rows - rows_before,
        "other_statuses": dict(result.errors),
        "passed": passed,
        "note": f"{rows - rows_before} RMA created, {replayed} replayed",
    }


def judge_goal(cells: list[dict[str, Any]]) -> dict[str, Any]:
    goal = f"{GOAL['endpoint']} on {GOAL['db']} >= {GOAL['min_rps']:.0f} req/s with p95 < {GOAL['max_p95_ms']:.0f} ms"
    candidates = [c for c in cells if c["db"] == GOAL["db"] and c["endpoint"] == GOAL["endpoint"]]
    if not candidates:
        return {"goal": goal, "met": None, "verdict": "not measured in this run"}
    verdicts = []
    for c in candidates:
        met = c["rps"] >= GOAL["min_rps"] and c["p95_ms"] is not None and c["p95_ms"] < GOAL["max_p95_ms"]
        verdicts.append(
            (
                met,
                f"{c['workers']} worker(s), {c['concurrency']} clients: {c['rps']:.0f} req/s, "
                f"p95 {c['p95_ms']} ms -> {'met' if met else 'not met'}",
            )
        )
    return {"goal": goal, "met": any(met for met, _ in verdicts), "verdict": "; ".join(v for _, v in verdicts)}


def machine_info() -> dict[str, Any]:
    cpu_model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu_count": os.cpu_count(),
        "cpu_model": cpu_model,
        "loadavg_at_start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": {name: version(name) for name in ("fastapi", "uvicorn", "sqlalchemy", "psycopg", "httpx")},
    }


if __name__ == "__main__":
    sys.exit(main())
