"""Conversation success and customer turns to an RMA, from the end-to-end suite.

Runs the conversation tests of tests/e2e/ against the live stack (service, action server and
Rasa on free ports, the model at models/returndesk.tar.gz or RETURNDESK_MODEL) and reads the
outcomes they record (tests/conversation_report.py). A conversation succeeded when its test
passed: the tests check what the customer read and what landed in the database. The browser
tests (tests/e2e/*_browser.py) are left out: they drive the same assistant through the widget or
the console, need Chromium (`make chromium`), which `make eval` does not install, and are timed
by nothing.

Results: bench/results/conversation_eval.json and conversation_eval.md. Run with `make eval`.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
OUTCOMES = ROOT / "var" / "eval" / "conversations.json"
BROWSER_TESTS = "tests/e2e/*_browser.py"


def run_suite() -> tuple[list[dict], int]:
    OUTCOMES.unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "pytest", "tests/e2e", f"--ignore-glob={BROWSER_TESTS}", "-q"]
    cmd += ["-p", "no:cacheprovider"]
    env = {**os.environ, "RETURNDESK_CONVERSATION_REPORT": str(OUTCOMES)}
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if not OUTCOMES.exists():
        sys.exit(f"The end-to-end suite recorded no conversations (exit {done.returncode}):\n{done.stdout[-3000:]}")
    if done.returncode != 0:
        print(done.stdout[-3000:])  # failing conversations count against success; show why
    return json.loads(OUTCOMES.read_text()), done.returncode


LANGUAGES = ("en", "zh")


def summarise(outcomes: list[dict]) -> dict:
    """Success and turns over all conversations, and the same per language the assistant spoke."""
    summary = _summary(outcomes)
    summary["per_language"] = {
        language: _summary([o for o in outcomes if o.get("language", "en") == language]) for language in LANGUAGES
    }
    return summary


def _summary(outcomes: list[dict]) -> dict:
    succeeded = [o for o in outcomes if o["passed"]]
    returns = [o["turns_to_rma"] for o in succeeded if o["turns_to_rma"] is not None]
    happy = [o["turns_to_rma"] for o in succeeded if "happy_path" in o["test"] and o["turns_to_rma"] is not None]
    return {
        "conversations": len(outcomes),
        "succeeded": len(succeeded),
        "success_rate": round(len(succeeded) / len(outcomes), 3) if outcomes else 0.0,
        "returns_made": len(returns),
        "median_turns_to_rma": statistics.median(returns) if returns else None,
        "happy_path_turns_to_rma": statistics.median(happy) if happy else None,
        "median_customer_turns": statistics.median(o["customer_turns"] for o in outcomes) if outcomes else None,
    }


def _or_dash(value: object) -> str:
    return "–" if value is None else str(value)


def markdown(summary: dict, outcomes: list[dict], when: str) -> str:
    lines = [
        "# Conversations of the end-to-end suite",
        "",
        "Each conversation is one test in tests/e2e/ run against the live Rasa server, action server and "
        "returns service; it succeeded when its test passed (the test checks what the customer read and "
        "what landed in the database).",
        "",
        f"- Conversations: {summary['conversations']}, succeeded {summary['succeeded']} "
        f"(**{summary['success_rate']:.0%}**)",
        f"- Returns made: {summary['returns_made']}; median customer turns from the first message to the RMA: "
        f"**{summary['median_turns_to_rma']}** (happy path: {summary['happy_path_turns_to_rma']})",
        f"- Median customer turns per conversation: {summary['median_customer_turns']}",
        "",
        "| language | conversations | success | median turns to the RMA | median customer turns |",
        "|---|---|---|---|---|",
        *(
            f"| {language} | {part['conversations']} | {part['success_rate']:.0%} | "
            f"{_or_dash(part['median_turns_to_rma'])} | {_or_dash(part['median_customer_turns'])} |"
            for language, part in summary["per_language"].items()
        ),
        "",
        "| conversation | language | outcome | customer turns | turn of the RMA |",
        "|---|---|---|---|---|",
        *(
            f"| `{o['test'].split('::')[-1]}` | {o.get('language', 'en')} | {'passed' if o['passed'] else 'FAILED'} | "
            f"{o['customer_turns']} | {o['turns_to_rma'] if o['turns_to_rma'] is not None else '–'} |"
            for o in outcomes
        ),
        "",
        f"Produced by `make eval` ({when}).",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    outcomes, exit_code = run_suite()
    summary = summarise(outcomes)
    when = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "conversation_eval.json").write_text(
        json.dumps({"summary": summary, "conversations": outcomes, "produced_at": when}, indent=2) + "\n"
    )
    (RESULTS / "conversation_eval.md").write_text(markdown(summary, outcomes, when))
    print(markdown(summary, outcomes, when))
    if exit_code != 0:
        sys.exit("Some end-to-end conversations failed; see above.")


if __name__ == "__main__":
    main()
