"""`make bench`, notification part: notifications per second through the worker to loopback SMTP.

N email notifications are queued straight into a fresh, migrated database's outbox; the worker
(the same code `python -m returndesk.notification.tasks` runs) claims, renders (text + HTML),
sends each over a new SMTP connection to an aiosmtpd server on loopback, and marks it sent. The
clock runs from the first claim to the last "sent"; the server's count of distinct Message-IDs
checks that every notification arrived exactly once. One worker, then two side by side (leases
keep them apart), on SQLite and on PostgreSQL when it can be reached.

The baseline, measured in the same run against the same kind of server: the same number of
plain emails sent with smtplib, one connection each, no database and no templates. The ratio
(worker ÷ baseline) is what the outbox, leases and rendering cost on top of SMTP itself, and
unlike a bare rate it stays comparable on a shared, noisy machine.

Run alone: backend/.venv/bin/python -m bench.notification_bench
Results: bench/results/notifications.json and .md
"""

from __future__ import annotations

import json
import os
import socket
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import databases
from .server import BACKEND_DIR

# The worker runs in this process: the service's package is imported from the backend folder.
sys.path.insert(0, str(BACKEND_DIR))
NOTIFICATIONS = int(os.environ.get("RETURNDESK_BENCH_NOTIFICATIONS", "400"))
RESULTS_DIR = Path(__file__).resolve().parent / "results"


class CountingHandler:
    def __init__(self) -> None:
        self.accepted: Counter[str] = Counter()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's name
        for line in envelope.content.split(b"\r\n"):
            if line.lower().startswith(b"message-id:"):
                with self.lock:
                    self.accepted[line.split(b":", 1)[1].strip().decode()] += 1
                break
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def queue(sessions, count: int) -> None:
    from returndesk.models import utcnow
    from returndesk.models.notification import NotificationOutbox

    with sessions() as session, session.begin():
        for i in range(count):
            number = f"RMA-BNCH-{i // 10000:04d}-{i % 10000:04d}"
            session.add(
                NotificationOutbox(
                    key=f"bench{i}:approved:email",
                    event="approved",
                    channel="email",
                    recipient=f"customer{i}@example.com",
                    locale="zh" if i % 4 == 0 else "en",
                    data={
                        "rma_number": number,
                        "order_number": f"B{i}",
                        "customer_name": "Bench Customer",
                        "return_by": "2026-12-31",
                        "refund_amount": "59.90 EUR",
                    },
                    next_attempt_at=utcnow(),
                )
            )


def smtp_baseline(count: int) -> float:
    """Plain emails per second to a loopback aiosmtpd server: the floor under the worker's rate."""
    import smtplib
    from email.message import EmailMessage

    from aiosmtpd.controller import Controller

    handler, port = CountingHandler(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        started = time.perf_counter()
        for i in range(count):
            message = EmailMessage()
            message["From"], message["To"] = "returns@shop.example", f"customer{i}@example.com"
            message["Subject"], message["Message-ID"] = "Your return is approved", f"<baseline{i}@bench>"
            message.set_content("Your return RMA-BNCH is approved. Send it back by 2026-12-31.")
            with smtplib.SMTP("127.0.0.1", port) as smtp:
                smtp.send_message(message)
        elapsed = time.perf_counter() - started
    finally:
        controller.stop()
    if len(handler.accepted) != count:
        raise RuntimeError(f"baseline delivered {len(handler.accepted)} of {count}")
    return count / elapsed


def run(database_url: str, workers: int) -> dict[str, Any]:
    from aiosmtpd.controller import Controller
    from returndesk.config import Settings
    from returndesk.db import make_engine
    from returndesk.models.notification import NotificationOutbox
    from returndesk.notification.channels import EmailChannel
    from returndesk.notification.tasks import Worker
    from sqlalchemy import func, select
    from sqlalchemy.orm import sessionmaker

    handler, port = CountingHandler(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    engine = make_engine(database_url)
    sessions = sessionmaker(engine, expire_on_commit=False)
    settings = Settings(database_url=database_url, smtp_port=port, environment="test")
    try:
        queue(sessions, NOTIFICATIONS)
        pool = [
            Worker(sessions, {"email": EmailChannel(settings=settings)}, settings, name=f"bench-{n}")
            for n in range(workers)
        ]
        threads = [threading.Thread(target=worker.run_once) for worker in pool]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        with sessions() as session:
            sent = session.scalar(select(func.count()).where(NotificationOutbox.status == "sent"))
    finally:
        controller.stop()
        engine.dispose()
    duplicates = sum(count - 1 for count in handler.accepted.values())
    return {
        "database": ("" if database_url.startswith("sqlite") else "PostgreSQL ")
        + databases.server_version(database_url),
        "workers": workers,
        "notifications": NOTIFICATIONS,
        "sent": sent,
        "distinct_delivered": len(handler.accepted),
        "duplicates": duplicates,
        "seconds": round(elapsed, 3),
        "per_second": round(NOTIFICATIONS / elapsed, 1),
    }


def main() -> int:
    env = {**os.environ, "RETURNDESK_ENVIRONMENT": "test"}
    baseline = smtp_baseline(NOTIFICATIONS)
    results = []
    with tempfile.TemporaryDirectory(prefix="returndesk-notification-bench-") as tmp:
        for workers in (1, 2):
            url = databases.fresh_sqlite(Path(tmp), f"notifications-{workers}")
            databases.migrate(url, env)
            results.append(run(url, workers))
    try:
        for workers in (1, 2):
            url = databases.fresh_postgres()
            databases.migrate(url, env)
            results.append(run(url, workers))
        databases.drop_postgres()
    except Exception as exc:
        print(f"PostgreSQL part skipped: {exc}", file=sys.stderr)
    lines = [
        "# Notification throughput (worker -> loopback SMTP)",
        "",
        f"{NOTIFICATIONS} email notifications (text + HTML, en/zh), one SMTP connection each; measured "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} CPUs (shared with whatever else runs).",
        "",
        f"Baseline in the same run: plain smtplib emails, one connection each, no database: {baseline:.1f}/s.",
        "",
        "| database | workers | notifications/s | vs baseline | seconds | delivered once | duplicates |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        r["vs_baseline"] = round(r["per_second"] / baseline, 2)
        lines.append(
            f"| {r['database']} | {r['workers']} | {r['per_second']} | {r['vs_baseline']}× | {r['seconds']} | "
            f"{r['distinct_delivered']}/{r['notifications']} | {r['duplicates']} |"
        )
    RESULTS_DIR.mkdir(exist_ok=True)
    summary = {"baseline_per_second": round(baseline, 1), "runs": results}
    (RESULTS_DIR / "notifications.json").write_text(json.dumps(summary, indent=2) + "\n")
    (RESULTS_DIR / "notifications.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    ok = all(r["sent"] == r["distinct_delivered"] == r["notifications"] and not r["duplicates"] for r in results)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
