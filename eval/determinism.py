"""Two trainings from a clean state must give the same predictions: `make check-determinism`.

Trains the whole assistant twice with scripts/train, each time into its own folder with an
empty Rasa cache (so nothing of the first run is reused), then compares what the two models
predict on the team's development split (eval/dev_nlu.yml: intent, intent ranking, entities)
and on the test stories (tests/stories: the action each policy predicts at every step). Any
difference in a predicted label fails; confidences are compared too and their largest
difference is reported. Results: bench/results/determinism.json and determinism.md.

Run with the assistant's environment: `make check-determinism`, or
`.venv/bin/python -m eval.determinism [--models A.tar.gz B.tar.gz]` to compare two models.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

ROOT = Path(__file__).resolve().parent.parent
DEV_SPLIT = ROOT / "eval" / "dev_nlu.yml"
TEST_STORIES = ROOT / "tests" / "stories"
WORK = ROOT / "var" / "determinism"
RESULTS = ROOT / "bench" / "results"
DIGITS = 6  # confidences are compared to this many decimals for "identical"


def train(folder: Path) -> tuple[Path, float]:
    """The whole model, from nothing, into folder (emptied first) with an empty training cache;
    returns the model and the wall clock. `make bench-training` times its training with it too."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    env = {**os.environ, "RASA_CACHE_DIRECTORY": str(folder / "cache")}
    command = [str(ROOT / "scripts" / "train"), "--out", str(folder), "--fixed-model-name", "model", "--quiet"]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    model = folder / "model.tar.gz"
    if done.returncode != 0 or not model.exists():
        output = f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        sys.exit(f"training into {folder} failed (exit {done.returncode}):\n{output}")
    return model, seconds


def predictions(model: Path) -> dict[str, list[dict[str, Any]]]:
    """What the model predicts on the development split and at every step of the test stories."""
    from rasa.core.agent import Agent
    from rasa.core.test import test as test_stories
    from rasa.utils.log_utils import configure_structlog

    from eval.nlu_eval import load_examples

    configure_structlog(logging.ERROR)
    agent = Agent.load(str(model))
    texts = [text for text, _ in load_examples(DEV_SPLIT)]

    async def run() -> dict[str, list[dict[str, Any]]]:
        parsed = [await agent.parse_message(text) for text in texts]
        stories = await test_stories(str(TEST_STORIES), agent, disable_plotting=True, errors=False, warnings=False)
        return {
            "nlu": [
                {
                    "text": p["text"],
                    "intent": p["intent"]["name"],
                    "ranking": [(r["name"], r["confidence"]) for r in p.get("intent_ranking", [])],
                    "entities": [(e["entity"], str(e["value"]), e.get("start"), e.get("end")) for e in p["entities"]],
                }
                for p in parsed
            ],
            # Rasa walks the test stories in an order of its own from one call to the next, so the
            # steps are compared sorted: any prediction that differs still makes the lists differ.
            "core": sorted(
                (
                    {key: action[key] for key in ("action", "predicted", "policy", "confidence")}
                    for action in stories["actions"]
                ),
                key=lambda step: (step["action"], step["predicted"], step["policy"] or "", step["confidence"] or 0.0),
            ),
        }

    return asyncio.run(run())


def _labels(step: dict[str, Any]) -> tuple:
    if "ranking" in step:  # an utterance of the development split
        return step["intent"], [name for name, _ in step["ranking"]], step["entities"]
    return step["predicted"], step["policy"]  # a step of a test story


def _confidences(step: dict[str, Any]) -> list[float]:
    if "ranking" in step:
        return [confidence for _, confidence in step["ranking"]]
    return [step["confidence"] or 0.0]


def compare(first: dict, second: dict) -> dict[str, Any]:
    """Label differences (must be none) and the largest confidence difference, per part."""
    result: dict[str, Any] = {"dev_utterances": len(first["nlu"]), "story_steps": len(first["core"])}
    for part in ("nlu", "core"):
        pairs = list(zip(first[part], second[part], strict=True))
        result[f"{part}_label_differences"] = sum(_labels(a) != _labels(b) for a, b in pairs)
        result[f"{part}_max_confidence_difference"] = max(
            (abs(x - y) for a, b in pairs for x, y in zip(_confidences(a), _confidences(b), strict=False)),
            default=0.0,
        )
    largest = max(result["nlu_max_confidence_difference"], result["core_max_confidence_difference"])
    result["identical"] = (
        result["nlu_label_differences"] == 0 and result["core_label_differences"] == 0 and round(largest, DIGITS) == 0
    )
    return result


def markdown(report: dict) -> str:
    c = report["comparison"]
    return "\n".join(
        [
            "# Reproducible training",
            "",
            "Two trainings of the whole assistant from a clean state (own folder, empty Rasa cache), "
            "compared on the development split and the test stories.",
            "",
            "| | compared | label differences | largest confidence difference |",
            "|---|---|---|---|",
            f"| NLU on eval/dev_nlu.yml | {c['dev_utterances']} utterances | {c['nlu_label_differences']} | "
            f"{c['nlu_max_confidence_difference']:.2e} |",
            f"| dialogue on tests/stories | {c['story_steps']} steps | {c['core_label_differences']} | "
            f"{c['core_max_confidence_difference']:.2e} |",
            "",
            f"Identical: **{'yes' if c['identical'] else 'no'}**. "
            + ("Training times: " + ", ".join(f"{s:.0f} s" for s in report["training_seconds"]) + ". ")
            * bool(report["training_seconds"])
            + f"Produced by `make check-determinism` ({report['finished_at']}).",
            "",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs=2, type=Path, help="compare these two trained models instead of training")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    if args.models:
        models, seconds = list(args.models), []
    else:
        trained = [train(WORK / run) for run in ("first", "second")]
        models, seconds = [m for m, _ in trained], [s for _, s in trained]
    first, second = (predictions(model) for model in models)
    report = {
        "finished_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "models": [str(m) for m in models],
        "training_seconds": [round(s, 1) for s in seconds],
        "comparison": compare(first, second),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "determinism.json").write_text(json.dumps(report, indent=2) + "\n")
    (RESULTS / "determinism.md").write_text(markdown(report))
    print(markdown(report))
    return 0 if report["comparison"]["identical"] else 1


if __name__ == "__main__":
    sys.exit(main())
