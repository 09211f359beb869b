"""`make bench-turn`: where one chat turn's time goes, part by part.

Starts the product (tests.stack) with both Rasa processes under bench/turn_probe.py, holds the
chat benchmark's happy path (bench/chat_scripts.py) one conversation at a time, and reports per
customer message: the round trip the customer waits, Rasa's own handling of it split into NLU,
policies, slot extraction, tracker store, event broker, responses and action-server calls (with
their number and request size), and the returns-service calls the actions made. The first
conversation warms the TensorFlow graphs up and is left out. Results: bench/results/turn.{json,md}.

Knobs (environment): BENCH_TURN_CONVERSATIONS=6, RETURNDESK_MODEL.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from tests.stack import REPO, running_stack

from . import chat_scripts, procinfo, rd_model
from .chat_bench import machine_info
from .turn_probe import SERVICE_CALLS_FILE, TURNS_FILE

CONVERSATIONS = int(os.environ.get("BENCH_TURN_CONVERSATIONS", "6"))
RESULTS = REPO / "bench" / "results"
# The parts of a turn that do not overlap, and what of each is spent inside another.
PARTS = ("nlu", "slot extraction", "policies", "action server", "tracker store", "responses")
NESTED = {
    "slot extraction": ("action server within slot extraction",),
    "tracker store": ("event broker within tracker store",),
    "action server": ("checking answers within action server",),
}


def main() -> int:
    rd_model.ensure_model()
    folder = Path(tempfile.mkdtemp(prefix="returndesk-turn-"))
    turns_file, calls_file = folder / TURNS_FILE, folder / SERVICE_CALLS_FILE
    results: dict[str, Any] = {"started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "machine": machine_info()}
    try:
        (folder / "stack").mkdir()
        probed = (sys.executable, "-m", "bench.turn_probe", "--records", str(folder))
        with running_stack(folder / "stack", rasa=probed, rasa_server=probed) as stack:
            chat_scripts.push_orders(stack, range(CONVERSATIONS + 1))
            converse = chat_scripts.returndesk_happy_path(stack)
            waits: list[float] = []
            converse(0, lambda _ms: None)  # warm-up, left out
            warm_turns, warm_calls = _lines(turns_file), _lines(calls_file)
            for n in range(1, CONVERSATIONS + 1):
                converse(n, waits.append)
            rasa_rss = procinfo.rss_mib(stack.processes["rasa"].popen.pid)
            turns = _lines(turns_file)[len(warm_turns) :]
            both = _lines(calls_file)[len(warm_calls) :]
            calls = [line for line in both if "path" in line]
            actions = [line for line in both if "action" in line]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    results.update(summarise(waits, turns, calls, actions))
    results["rasa_rss_mib"] = rasa_rss
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "turn.json").write_text(json.dumps(results, indent=2) + "\n")
    (RESULTS / "turn.md").write_text(markdown(results))
    print(markdown(results))
    return 0


def _lines(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _pattern(path: str) -> str:
    """/orders/CB100003/returnable-items -> /orders/{}/returnable-items: one row per endpoint."""
    parts = path.strip("/").split("/")
    return "/" + "/".join("{}" if any(ch.isdigit() for ch in p) else p for p in parts)


def summarise(
    waits: list[float], turns: list[dict[str, Any]], calls: list[dict[str, Any]], actions: list[dict[str, Any]]
) -> dict[str, Any]:
    def mean(values: list[float]) -> float:
        return round(statistics.fmean(values), 1) if values else 0.0

    def part_ms(name: str) -> float:
        return mean([t["ms"].get(name, 0.0) for t in turns])

    # Slot extraction's own time: its calls to the action server are counted there.
    parts = {part: part_ms(part) for part in PARTS}
    parts["slot extraction"] = round(parts["slot extraction"] - part_ms("action server within slot extraction"), 1)
    within = {name: part_ms(name) for names in NESTED.values() for name in names}
    handled = mean([t["total_ms"] for t in turns])
    action_calls: Counter[str] = Counter()
    for t in turns:
        action_calls.update({k.split(": ", 1)[1]: v for k, v in t["calls"].items() if k.startswith("action server: ")})
    action_ms: defaultdict[str, list[float]] = defaultdict(list)
    for a in actions:
        action_ms[a["action"]].append(a["ms"])
    payloads = [size for t in turns for size in t["payload_bytes"]]
    service_ms: defaultdict[str, list[float]] = defaultdict(list)
    for c in calls:
        service_ms[f"{c['method']} {_pattern(c['path'])}"].append(c["ms"])
    return {
        "conversations": CONVERSATIONS,
        "messages": len(waits),
        "customer_wait_ms": {"mean": mean(waits), "p50": round(statistics.median(waits), 1) if waits else None},
        "rasa_handling_ms": handled,
        "parts_ms": parts,
        "within_ms": within,
        "unaccounted_ms": round(handled - sum(parts.values()), 1),
        "action_calls_per_conversation": {k: round(v / CONVERSATIONS, 2) for k, v in action_calls.most_common()},
        "action_run_ms": {k: mean(v) for k, v in action_ms.items()},
        "action_request_bytes": {"mean": mean([float(p) for p in payloads]), "max": max(payloads, default=0)},
        "service_calls_per_conversation": {
            name: round(len(times) / CONVERSATIONS, 2)
            for name, times in sorted(service_ms.items(), key=lambda item: -len(item[1]))
        },
        "service_call_ms": {k: mean(v) for k, v in sorted(service_ms.items())},
    }


def markdown(r: dict[str, Any]) -> str:
    m = r["machine"]
    lines = [
        "# Where a chat turn goes",
        "",
        f"{r['started_at']} · {m['nproc']} cores ({m['cpu_model']}) · Rasa {m['rasa']} · load average "
        f"{m['loadavg_at_start']} at start · {r['conversations']} happy-path conversations, one at a time, "
        f"{r['messages']} customer messages (`make bench-turn`).",
        "",
        f"The customer waits {r['customer_wait_ms']['mean']} ms per message on average (p50 "
        f"{r['customer_wait_ms']['p50']} ms); Rasa's message processor spends {r['rasa_handling_ms']} ms of it:",
        "",
        "| part of the turn | ms per message |",
        "|---|---|",
        *(f"| {part} | {ms} |" for part, ms in r["parts_ms"].items()),
        f"| the rest (locks, channel, bookkeeping) | {r['unaccounted_ms']} |",
        "",
        "Of which:",
        "",
        "| inside a part | ms per message |",
        "|---|---|",
        *(f"| {name} | {ms} |" for name, ms in r["within_ms"].items()),
        "",
        f"The Rasa server holds {r['rasa_rss_mib']['rss_mib']} MiB (VmRSS after the conversations).",
        "",
        f"Requests to the action server carry {r['action_request_bytes']['mean']:.0f} bytes on average "
        f"(largest {r['action_request_bytes']['max']}).",
        "",
        "Checking answers: Rasa checks each answer of the action server against a JSON schema. Time in "
        "the action server is its own handling of a call, service calls included; the rest of a call's "
        "round trip is the request and answer on the way.",
        "",
        "| action-server call | per conversation | ms in the action server |",
        "|---|---|---|",
        *(
            f"| {name} | {n} | {r['action_run_ms'].get(name, '')} |"
            for name, n in r["action_calls_per_conversation"].items()
        ),
        "",
        "| returns-service call (from the actions) | per conversation | mean ms |",
        "|---|---|---|",
        *(
            f"| `{name}` | {n} | {r['service_call_ms'].get(name, '')} |"
            for name, n in r["service_calls_per_conversation"].items()
        ),
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
