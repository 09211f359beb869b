"""Results as JSON (for machines and trend tracking) and a short Markdown table (for people)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _errors(errors: dict[str, int]) -> str:
    return ", ".join(f"{k}: {v}" for k, v in sorted(errors.items())) or "0"


def markdown(results: dict[str, Any]) -> str:
    machine = results["machine"]
    lines = [
        "# Returns service benchmark",
        "",
        f"{results['started_at']} · {machine['nproc']} cores ({machine['cpu_model']}) · Python {machine['python']} · "
        f"load average at start {machine['loadavg_at_start']} · client and server share the cores.",
        "",
        "Throughput is also given as a ratio to `GET /healthz` (SELECT 1) at the same concurrency on "
        "the same server in the same run; compare ratios across runs, not raw req/s. "
        "CPU columns are milliseconds of CPU per request "
        "(server = uvicorn and its workers; client = the load generator).",
        "",
        "| db | workers | endpoint | clients | n | req/s | ratio | p50 ms | p95 ms "
        "| server CPU ms/req | client CPU ms/req | errors |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for cell in results["throughput"]:
        ratio = "1 (baseline)" if cell["endpoint"] == "GET /healthz" else f"{cell['ratio_to_baseline']:.2f}"
        lines.append(
            f"| {cell['db']} | {cell['workers']} | `{cell['endpoint']}` | {cell['concurrency']} | {cell['n']} | "
            f"{cell['rps']:.0f} | {ratio} | {_ms(cell['p50_ms'])} | {_ms(cell['p95_ms'])} | "
            f"{_ms(cell['server_cpu_ms_per_req'])} | {_ms(cell['client_cpu_ms_per_req'])} | {_errors(cell['errors'])} |"
        )
    lines += [
        "",
        "## Integrity under concurrency",
        "",
        "| db | workers | check | clients | sent | 201 | distinct RMA numbers in answers "
        "| rmas rows (distinct numbers) in db | other answers | verdict |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for check in results["integrity"]:
        verdict = "PASS" if check["passed"] else "FAIL"
        lines.append(
            f"| {check['db']} | {check['workers']} | {check['check']} | {check['concurrency']} | {check['sent']} | "
            f"{check['created_201']} | {check['distinct_numbers_answered']} | "
            f"{check['db_rows']} ({check['db_distinct_numbers']}) | {_errors(check['other_statuses'])} | {verdict}"
            f"{' — ' + check['note'] if check.get('note') else ''} |"
        )
    goal = results.get("goal")
    if goal:
        lines += ["", f"Goal ({goal['goal']}): {goal['verdict']}"]
    if results.get("evidence"):
        lines += ["", evidence_markdown(results["evidence"]).rstrip("\n")]
    return "\n".join(lines) + "\n"


def evidence_markdown(evidence: dict[str, Any]) -> str:
    processing = evidence["processing"]
    lines = [
        "## Evidence uploads",
        "",
        f"A {processing['photo_pixels']} (12 MP) JPEG of {processing['photo_bytes'] / 1e6:.1f} MB, uploaded over HTTP "
        "by a connector and stored locally; ratio = uploads/s over `GET /healthz` req/s measured just before, "
        "same clients." + (f" ({evidence['run']}.)" if evidence.get("run") else ""),
        "",
        "| db | workers | clients | n | uploads/s | MB/s | ratio | p50 ms | p95 ms | errors |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for cell in evidence["uploads"]:
        lines.append(
            f"| {cell['db']} | {cell['workers']} | {cell['concurrency']} | {cell['n']} | {cell['uploads_per_s']:.2f} | "
            f"{cell['mb_per_s']:.1f} | {cell['ratio_to_baseline']} | {_ms(cell['p50_ms'])} | {_ms(cell['p95_ms'])} | "
            f"{_errors(cell['errors'])} |"
        )
    lines += [
        "",
        f"Processing per photo (check, decode, orient, re-encode, thumbnail, hash, hints; no HTTP or storage), "
        f"{processing['runs']} runs: p50 {processing['p50_ms']} ms, p95 {processing['p95_ms']} ms, "
        f"max {processing['max_ms']} ms.",
    ]
    return "\n".join(lines) + "\n"


def write(results: dict[str, Any]) -> tuple[Path, Path]:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    json_path, md_path = RESULTS_DIR / "service.json", RESULTS_DIR / "service.md"
    json_path.write_text(json.dumps(results, indent=2) + "\n")
    md_path.write_text(markdown(results))
    return json_path, md_path
