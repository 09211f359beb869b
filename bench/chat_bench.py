"""`make bench`, chat part: ReturnDesk's whole returns conversation beside a `rasa init` baseline.

Runs with the Rasa venv (`.venv/bin/python -m bench.chat_bench`). It trains the baseline in a
temporary folder, starts the product with tests.stack.running_stack (fresh databases, the model
at RETURNDESK_MODEL) and the baseline with `rasa run --enable-api`, then at 1 and 10 concurrent
conversations measures per-message round trips (p50/p95) and messages/s for both, and finally
the resident memory of every process. Results: bench/results/chat.{json,md}.

Knobs (environment): BENCH_CHAT_CONVERSATIONS="8 30" (ReturnDesk conversations at 1 and 10
clients), BENCH_CHAT_SECONDS=90 (wall-clock cap per cell), RETURNDESK_MODEL, RETURNDESK_TRAIN_LOG.
"""

from __future__ import annotations

import math
import os
import platform
import shutil
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

from tests.stack import Stack, running_stack

from . import chat_report, chat_scripts, procinfo, rasa_baseline, rd_model
from .chat_load import ChatResult, run_conversations

CONCURRENCY = (1, 10)
CONVERSATIONS = [int(n) for n in os.environ.get("BENCH_CHAT_CONVERSATIONS", "8 30").split()]
SECONDS_PER_CELL = float(os.environ.get("BENCH_CHAT_SECONDS", "90"))


def main() -> int:
    began = time.monotonic()
    tmp_dir = Path(tempfile.mkdtemp(prefix="returndesk-chatbench-"))
    results: dict[str, Any] = {
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": machine_info(),
        "settings": {
            "concurrency": list(CONCURRENCY),
            "returndesk_conversations": dict(zip(map(str, CONCURRENCY), CONVERSATIONS, strict=True)),
            "seconds_per_cell": SECONDS_PER_CELL,
            "returndesk_script": "order + item + reason, email, click Refund, click Yes -> RMA number",
            "baseline_script": " / ".join(chat_scripts.BASELINE_SCRIPT),
            "load_generator": "closed loop, one thread per client, one requests.post per message",
        },
        "cells": [],
    }
    try:
        results["model"] = rd_model.ensure_model()
        # Trained before anything is served, so training never competes with a timed cell.
        print("== training the `rasa init` baseline", flush=True)
        trained = rasa_baseline.init_and_train(tmp_dir / "baseline")
        results["baseline_model"] = {
            "bytes": trained.model.stat().st_size,
            "training_s": round(trained.training_s, 1),
            "kept": False,  # lives in a temporary folder, deleted at the end
        }
        print(f"   trained in {trained.training_s:.0f} s; starting ReturnDesk and the baseline", flush=True)
        (tmp_dir / "stack").mkdir()
        with running_stack(tmp_dir / "stack") as stack, rasa_baseline.serve(trained) as baseline:
            results["memory_after_load"] = measure(stack, baseline, results)
    finally:
        shutil.rmtree(tmp_dir, ignore_errors=True)
    results["loadavg_at_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    results["ratios"] = ratios(results["cells"])
    results["duration_s"] = round(time.monotonic() - began, 1)
    json_path, md_path = chat_report.write(results)
    print()
    print(chat_report.markdown(results))
    print(f"written: {json_path}, {md_path.name} ({results['duration_s']} s)")
    return 0 if all(cell["conversations_failed"] == 0 for cell in results["cells"]) else 1


def measure(stack: Stack, baseline: rasa_baseline.Served, results: dict[str, Any]) -> dict[str, Any]:
    # One order per conversation that may run, pushed before any clock starts; number 0 is the warm-up's.
    chat_scripts.push_orders(stack, range(sum(CONVERSATIONS) + 1))
    returndesk, moodbot = chat_scripts.returndesk_happy_path(stack), chat_scripts.moodbot(baseline.url)
    # The first message of each Rasa server builds its TensorFlow graphs: a warm-up conversation
    # each, untimed, so the cells measure the steady state.
    for name, converse in (("returndesk", returndesk), ("baseline", moodbot)):
        warm = run_conversations(
            lambda _n, rec, c=converse: c(0, rec), concurrency=1, max_conversations=1, max_seconds=SECONDS_PER_CELL
        )
        if warm.conversations_failed:
            raise RuntimeError(f"{name} warm-up conversation failed: {warm.first_error}\n{stack.logs()}")
    first = 1
    for concurrency, conversations in zip(CONCURRENCY, CONVERSATIONS, strict=True):
        offset = first - 1
        rd = run_conversations(
            lambda n, rec, o=offset: returndesk(o + n, rec),
            concurrency=concurrency,
            max_conversations=conversations,
            max_seconds=SECONDS_PER_CELL,
        )
        first += conversations
        results["cells"].append(cell("returndesk", rd))
        # About as many messages as ReturnDesk managed in its cell, in whole moodbot conversations.
        wanted = max(concurrency, math.ceil(rd.messages / len(chat_scripts.BASELINE_SCRIPT)))
        base = run_conversations(
            moodbot, concurrency=concurrency, max_conversations=wanted, max_seconds=SECONDS_PER_CELL
        )
        results["cells"].append(cell("baseline", base))
    processes = stack.processes
    return {
        "service": procinfo.rss_mib(processes["service"].popen.pid),
        "actions": procinfo.rss_mib(processes["actions"].popen.pid),
        "rasa": procinfo.rss_mib(processes["rasa"].popen.pid),
        "baseline_rasa": procinfo.rss_mib(baseline.pid),
    }


def cell(assistant: str, result: ChatResult) -> dict[str, Any]:
    def ms(value: float | None) -> float | None:
        return None if value is None else round(value, 1)

    row = {
        "assistant": assistant,
        "concurrency": result.concurrency,
        "conversations_ok": result.conversations_ok,
        "conversations_failed": result.conversations_failed,
        "messages": result.messages,
        "elapsed_s": round(result.elapsed_s, 2),
        "messages_per_s": round(result.messages_per_s, 2),
        "p50_ms": ms(result.percentile(50)),
        "p95_ms": ms(result.percentile(95)),
        "max_ms": ms(result.percentile(100)),
        "errors": dict(result.errors),
        "first_error": result.first_error,
    }
    print(
        f"  {assistant:<10} c={result.concurrency:<3} {row['conversations_ok']} ok / {row['conversations_failed']} "
        f"failed  {row['messages']} msgs  {row['messages_per_s']} msg/s  p50 {row['p50_ms']} ms  "
        f"p95 {row['p95_ms']} ms",
        flush=True,
    )
    if result.first_error:
        print(f"    first error: {result.first_error}", flush=True)
    return row


def ratios(cells: list[dict[str, Any]]) -> list[dict[str, Any]]:
    def ratio(a: float | None, b: float | None) -> float | None:
        return round(a / b, 2) if a is not None and b else None

    by_key = {(c["assistant"], c["concurrency"]): c for c in cells}
    found = []
    for concurrency in CONCURRENCY:
        rd, base = by_key.get(("returndesk", concurrency)), by_key.get(("baseline", concurrency))
        if rd and base:
            found.append(
                {
                    "concurrency": concurrency,
                    "p50": ratio(rd["p50_ms"], base["p50_ms"]),
                    "p95": ratio(rd["p95_ms"], base["p95_ms"]),
                    "messages_per_s": ratio(rd["messages_per_s"], base["messages_per_s"]),
                }
            )
    return found


def machine_info() -> dict[str, Any]:
    cpu_model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown",
    )
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu_model": cpu_model,
        "loadavg_at_start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "python": platform.python_version(),
        "rasa": version("rasa"),
    }


if __name__ == "__main__":
    sys.exit(main())
