"""The chat benchmark's results: bench/results/chat.json and a short Markdown table, chat.md."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .report import RESULTS_DIR  # the service bench's folder; report.py itself needs nothing else

NAMES = {"returndesk": "ReturnDesk", "baseline": "`rasa init` baseline"}


def _num(value: float | None, digits: int = 0) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def markdown(results: dict[str, Any]) -> str:
    machine, settings = results["machine"], results["settings"]
    lines = [
        "# Chat benchmark",
        "",
        f"{results['started_at']} · {machine['nproc']} cores ({machine['cpu_model']}) · Rasa {machine['rasa']} · "
        f"Python {machine['python']} · load average {machine['loadavg_at_start']} at start, "
        f"{results.get('loadavg_at_end', '?')} at end · every process and the load generator share the cores.",
        "",
        "Round trip of one customer message (POST to the REST webhook until the bot's answers arrive, "
        "actions and service calls included), closed loop: each client holds one conversation and sends "
        "its next message as soon as the answer arrives. "
        f"ReturnDesk: the e2e happy path ({settings['returndesk_script']}) on a fresh order per conversation, "
        "signed REST channel, action server, returns service, SQL tracker store. "
        f"Baseline: `rasa init` moodbot ({settings['baseline_script']}), stock REST channel, in-memory tracker "
        "store, no actions, about as many messages. Cells alternate ReturnDesk/baseline at each concurrency.",
        "",
        "| assistant | clients | conversations ok / failed | messages | msg/s | p50 ms | p95 ms | max ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for cell in results["cells"]:
        lines.append(
            f"| {NAMES[cell['assistant']]} | {cell['concurrency']} | {cell['conversations_ok']} / "
            f"{cell['conversations_failed']} | {cell['messages']} | {_num(cell['messages_per_s'], 2)} | "
            f"{_num(cell['p50_ms'])} | {_num(cell['p95_ms'])} | {_num(cell['max_ms'])} |"
        )
    lines += [
        "",
        "ReturnDesk / baseline (latency ratios above 1 and a throughput ratio below 1 mean ReturnDesk is slower):",
        "",
        "| clients | p50 ratio | p95 ratio | msg/s ratio |",
        "|---|---|---|---|",
    ]
    for ratio in results["ratios"]:
        lines.append(
            f"| {ratio['concurrency']} | {_num(ratio['p50'], 2)} | {_num(ratio['p95'], 2)} | "
            f"{_num(ratio['messages_per_s'], 2)} |"
        )
    model, base = results["model"], results["baseline_model"]
    memory = results["memory_after_load"]
    lines += [
        "",
        "| footprint | ReturnDesk | baseline |",
        "|---|---|---|",
        f"| training | {_num(model['training_s'])} s ({model['training']}) | {_num(base['training_s'])} s "
        "(wall clock of `rasa init --no-prompt`, trained in this run) |",
        f"| model size | {model['bytes']:,} bytes | {base['bytes']:,} bytes |",
        f"| resident memory after the load (VmRSS) | Rasa server {_num(memory['rasa']['rss_mib'])} MiB, "
        f"action server {_num(memory['actions']['rss_mib'])} MiB, returns service "
        f"{_num(memory['service']['rss_mib'])} MiB | Rasa server {_num(memory['baseline_rasa']['rss_mib'])} MiB |",
    ]
    return "\n".join(lines) + "\n"


def write(results: dict[str, Any]) -> tuple[Path, Path]:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    json_path, md_path = RESULTS_DIR / "chat.json", RESULTS_DIR / "chat.md"
    json_path.write_text(json.dumps(results, indent=2) + "\n")
    md_path.write_text(markdown(results))
    return json_path, md_path
