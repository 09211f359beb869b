"""NLU evaluation on the held-out set, beside a TF-IDF + logistic regression baseline.

Trains the Rasa NLU model from data/ with config.yml (into var/eval/, never a committed
path), parses every held-out utterance that does not also occur in data/, and scores intent
macro-F1 over the held-out intents. The baseline learns from the same training examples and is
scored on the same utterances. Results: bench/results/nlu_eval.json and nlu_eval.md.

Chinese is scored the same way on the team's own test split (eval/zh_test_nlu.yml; `--zh dev`
scores the dev split instead, to choose between pipelines), beside a baseline on character
n-grams: Chinese has no spaces, so word n-grams of a TF-IDF baseline would see whole phrases.

Run with the assistant's environment: `make eval`, or `.venv/bin/python -m eval.nlu_eval`.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import logging
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
HELD_OUT = SHARED / "eval" / "external_nlu.yml"
ZH_SPLITS = {"dev": ROOT / "eval" / "zh_dev_nlu.yml", "test": ROOT / "eval" / "zh_test_nlu.yml"}
WORK = ROOT / "var" / "eval"
RESULTS = ROOT / "bench" / "results"
FALLBACK_INTENT = "nlu_fallback"


def normalise(text: str) -> str:
    return " ".join(text.lower().split())


def load_examples(path: Path) -> list[tuple[str, str]]:
    """(text, intent) of every intent example under path; entity annotations are stripped."""
    from rasa.shared.data import get_data_files, is_nlu_file
    from rasa.shared.nlu.training_data.loading import load_data

    # data/ also holds stories and rules: read only its NLU files, as `rasa train nlu` does.
    files = sorted(get_data_files([str(path)], is_nlu_file))
    if not files:
        sys.exit(f"No NLU training data found in {path}.")
    return [(m.get("text"), m.get("intent")) for f in files for m in load_data(f).intent_examples]


def train_rasa(model_name: str) -> tuple[Path, float]:
    out = WORK / "models"
    out.mkdir(parents=True, exist_ok=True)
    cmd = [
        str(ROOT / "scripts" / "train"),  # seeded and deterministic, as `make model` trains
        "nlu",
        "--config",
        str(ROOT / "config.yml"),
        "--nlu",
        str(ROOT / "data"),
        "--out",
        str(out),
        "--fixed-model-name",
        model_name,
        "--quiet",
    ]
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    model = out / f"{model_name}.tar.gz"
    if done.returncode != 0 or not model.exists():
        sys.exit(f"rasa train nlu failed (exit {done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return model, seconds


@functools.cache
def load_agent(model: str):
    """One load per model and run: English and Chinese are scored with the same one."""
    from rasa.core.agent import Agent

    return Agent.load(model)


def rasa_predictions(model: Path, texts: list[str]) -> tuple[list[str], list[str], float]:
    """Intent as the assistant sees it (fallback included) and the best real intent."""
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.ERROR)  # no per-message debug lines on stdout
    agent = load_agent(str(model))

    async def parse_all() -> list[dict]:
        return [await agent.parse_message(text) for text in texts]

    started = time.perf_counter()
    parsed = asyncio.run(parse_all())
    per_message_ms = 1000 * (time.perf_counter() - started) / max(len(texts), 1)
    deployed = [p["intent"]["name"] for p in parsed]
    best_real = [
        next((r["name"] for r in p.get("intent_ranking", []) if r["name"] != FALLBACK_INTENT), p["intent"]["name"])
        for p in parsed
    ]
    return deployed, best_real, per_message_ms


def baseline_predictions(train: list[tuple[str, str]], texts: list[str]) -> tuple[list[str], float]:
    """TF-IDF word 1-2 grams + char_wb 2-5 grams, logistic regression; fixed settings, not tuned."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    model = make_pipeline(
        make_union(
            TfidfVectorizer(analyzer="word", ngram_range=(1, 2), lowercase=True, sublinear_tf=True),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), lowercase=True, sublinear_tf=True),
        ),
        LogisticRegression(C=10.0, max_iter=5000),
    )
    started = time.perf_counter()
    model.fit([t for t, _ in train], [i for _, i in train])
    seconds = time.perf_counter() - started
    return list(model.predict(texts)), seconds


def chinese_baseline_predictions(train: list[tuple[str, str]], texts: list[str]) -> list[str]:
    """TF-IDF character 1-3 grams over the whole text, logistic regression; fixed settings, not tuned."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    model = make_pipeline(
        TfidfVectorizer(analyzer="char", ngram_range=(1, 3), lowercase=True, sublinear_tf=True),
        LogisticRegression(C=10.0, max_iter=5000),
    )
    model.fit([t for t, _ in train], [i for _, i in train])
    return list(model.predict(texts))


def score_chinese(model: Path, train: list[tuple[str, str]], split: str) -> dict:
    """Intent macro-F1 on a Chinese split, Rasa as deployed and without fallback, and the baseline."""
    path = ZH_SPLITS[split]
    examples = load_examples(path)
    seen = {normalise(text) for text, _ in train}
    overlap = [t for t, _ in examples if normalise(t) in seen]
    scored = [(t, i) for t, i in examples if normalise(t) not in seen]
    if overlap:
        print(f"warning: {len(overlap)} Chinese {split} utterances occur in data/ and are not scored: {overlap}")
    labels = sorted({i for _, i in examples})
    texts, gold = [t for t, _ in scored], [i for _, i in scored]
    deployed, best_real, _ = rasa_predictions(model, texts)
    rasa_score = score(gold, deployed, labels)
    base_score = score(gold, chinese_baseline_predictions(train, texts), labels)
    return {
        "split": str(path.relative_to(ROOT)),
        "scored": len(scored),
        "overlap": len(overlap),
        "training_examples": sum(not text.isascii() for text, _ in train),
        "rasa": rasa_score,
        "rasa_without_fallback": score(gold, best_real, labels),
        "rasa_fallback_rate": round(deployed.count(FALLBACK_INTENT) / max(len(deployed), 1), 4),
        "baseline": base_score,
        "ratio_rasa_to_baseline": round(rasa_score["macro_f1"] / base_score["macro_f1"], 4)
        if base_score["macro_f1"]
        else None,
        "misread": [
            {"text": t, "gold": g, "predicted": p} for t, g, p in zip(texts, gold, deployed, strict=True) if g != p
        ],
    }


def score(gold: list[str], predicted: list[str], labels: list[str]) -> dict:
    from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

    precision, recall, f1, support = precision_recall_fscore_support(gold, predicted, labels=labels, zero_division=0)
    confusions = Counter((g, p) for g, p in zip(gold, predicted, strict=True) if g != p)
    return {
        "macro_f1": round(float(f1_score(gold, predicted, labels=labels, average="macro", zero_division=0)), 4),
        "accuracy": round(float(accuracy_score(gold, predicted)), 4),
        "per_intent": {
            label: {
                "precision": round(float(p), 3),
                "recall": round(float(r), 3),
                "f1": round(float(f), 3),
                "support": int(s),
            }
            for label, p, r, f, s in zip(labels, precision, recall, f1, support, strict=True)
        },
        "top_confusions": [{"gold": g, "predicted": p, "count": n} for (g, p), n in confusions.most_common(12)],
    }


def markdown(report: dict) -> str:
    rasa, base = report["rasa"], report["baseline"]
    lines = [
        "# NLU evaluation on the held-out set",
        "",
        f"Held-out set: `{report['held_out']['path']}` — {report['held_out']['scored']} utterances scored, "
        f"{report['held_out']['overlap']} excluded for exact (case-insensitive) overlap with data/.",
        f"Training data: {report['training']['examples']} examples, {report['training']['intents']} intents.",
        "",
        "| model | intent macro-F1 | accuracy |",
        "|---|---|---|",
        f"| Rasa, as deployed (fallback {report['fallback_threshold']}) | {rasa['macro_f1']:.3f} | "
        f"{rasa['accuracy']:.3f} |",
        f"| Rasa, best intent without fallback | {report['rasa_without_fallback']['macro_f1']:.3f} | "
        f"{report['rasa_without_fallback']['accuracy']:.3f} |",
        f"| TF-IDF + logistic regression baseline | {base['macro_f1']:.3f} | {base['accuracy']:.3f} |",
        "",
        f"Ratio Rasa / baseline macro-F1: **{report['ratio_rasa_to_baseline']:.3f}**. "
        f"Rasa training time {report['training']['rasa_train_seconds']:.0f} s, model "
        f"{report['training']['rasa_model_mb']:.1f} MB, {report['rasa_parse_ms_per_message']:.1f} ms per parse; "
        f"baseline training {report['training']['baseline_train_seconds']:.1f} s.",
        "",
        "| intent | support | Rasa F1 | baseline F1 |",
        "|---|---|---|---|",
    ]
    for intent, row in rasa["per_intent"].items():
        lines.append(f"| {intent} | {row['support']} | {row['f1']:.3f} | {base['per_intent'][intent]['f1']:.3f} |")
    lines += ["", "Top confusions of the Rasa model (gold → predicted):", ""]
    lines += [f"- {c['gold']} → {c['predicted']}: {c['count']}" for c in rasa["top_confusions"]]
    zh = report.get("chinese")
    if zh:
        lines += [
            "",
            "## Chinese (Simplified)",
            "",
            f"Split: `{zh['split']}` (the team's own) — {zh['scored']} utterances scored, {zh['overlap']} "
            f"excluded for overlap with data/. Chinese training examples: {zh['training_examples']}.",
            "",
            "| model | intent macro-F1 | accuracy |",
            "|---|---|---|",
            f"| Rasa, as deployed | {zh['rasa']['macro_f1']:.3f} | {zh['rasa']['accuracy']:.3f} |",
            f"| Rasa, best intent without fallback | {zh['rasa_without_fallback']['macro_f1']:.3f} | "
            f"{zh['rasa_without_fallback']['accuracy']:.3f} |",
            f"| TF-IDF character 1-3 grams + logistic regression | {zh['baseline']['macro_f1']:.3f} | "
            f"{zh['baseline']['accuracy']:.3f} |",
            "",
            f"Ratio Rasa / baseline macro-F1: **{zh['ratio_rasa_to_baseline']:.3f}**; fallback rate "
            f"{zh['rasa_fallback_rate']:.1%}.",
            "",
            "| intent | support | Rasa F1 | baseline F1 |",
            "|---|---|---|---|",
        ]
        for intent, row in zh["rasa"]["per_intent"].items():
            lines.append(
                f"| {intent} | {row['support']} | {row['f1']:.3f} | {zh['baseline']['per_intent'][intent]['f1']:.3f} |"
            )
        lines += ["", "Misread by the Rasa model (text: gold → predicted):", ""]
        lines += [f"- {m['text']}: {m['gold']} → {m['predicted']}" for m in zh["misread"]]
    lines += ["", f"Produced by `make eval` ({report['finished_at']}).", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="score this trained model instead of training one")
    parser.add_argument(
        "--zh",
        choices=sorted(ZH_SPLITS),
        default="test",
        help="the Chinese split to score: test (reported) or dev (to choose between pipelines)",
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help="folder for nlu_eval.json and nlu_eval.md")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    import warnings

    warnings.filterwarnings("ignore")

    if not HELD_OUT.is_file():
        sys.exit(
            f"Held-out set not found at {HELD_OUT}.\n"
            "The shared folder must sit beside the repository (../shared relative to the repo root)."
        )

    train = load_examples(ROOT / "data")
    held = load_examples(HELD_OUT)
    seen = {normalise(text) for text, _ in train}
    overlap = [(t, i) for t, i in held if normalise(t) in seen]
    scored = [(t, i) for t, i in held if normalise(t) not in seen]
    if overlap:
        print(
            f"warning: {len(overlap)} held-out utterances also occur in data/ and are not scored: "
            f"{[t for t, _ in overlap]}",
            file=sys.stderr,
        )
    labels = sorted({i for _, i in held})
    texts, gold = [t for t, _ in scored], [i for _, i in scored]

    if args.model:
        model, train_seconds = args.model, float("nan")
    else:
        print("training the Rasa NLU model ...", flush=True)
        model, train_seconds = train_rasa("nlu-eval")
    deployed, best_real, parse_ms = rasa_predictions(model, texts)
    baseline, baseline_seconds = baseline_predictions(train, texts)

    import yaml

    config = yaml.safe_load((ROOT / "config.yml").read_text())
    fallback = next((c.get("threshold") for c in config["pipeline"] if c["name"] == "FallbackClassifier"), None)
    rasa_score, base_score = score(gold, deployed, labels), score(gold, baseline, labels)
    report = {
        "finished_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "held_out": {
            "path": str(HELD_OUT.relative_to(SHARED.parent)),
            "total": len(held),
            "scored": len(scored),
            "overlap": len(overlap),
            "overlapping_utterances": [t for t, _ in overlap],
        },
        "training": {
            "examples": len(train),
            "intents": len({i for _, i in train}),
            "per_intent": dict(sorted(Counter(i for _, i in train).items())),
            "rasa_train_seconds": round(train_seconds, 1),
            "rasa_model_mb": round(model.stat().st_size / 2**20, 2),
            "baseline_train_seconds": round(baseline_seconds, 2),
            "cpu_count": os.cpu_count(),
        },
        "fallback_threshold": fallback,
        "rasa": rasa_score,
        "rasa_without_fallback": score(gold, best_real, labels),
        "rasa_fallback_rate": round(deployed.count(FALLBACK_INTENT) / max(len(deployed), 1), 4),
        "rasa_parse_ms_per_message": round(parse_ms, 2),
        "baseline": base_score,
        "ratio_rasa_to_baseline": round(rasa_score["macro_f1"] / base_score["macro_f1"], 4)
        if base_score["macro_f1"]
        else None,
        "chinese": score_chinese(model, train, args.zh),
    }
    results = args.out
    results.mkdir(parents=True, exist_ok=True)
    (results / "nlu_eval.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    (results / "nlu_eval.md").write_text(markdown(report))

    print(f"\n{'intent':22} {'n':>4} {'rasa F1':>8} {'base F1':>8}")
    for intent, row in rasa_score["per_intent"].items():
        print(f"{intent:22} {row['support']:>4} {row['f1']:>8.3f} {base_score['per_intent'][intent]['f1']:>8.3f}")
    print(f"{'macro-F1':22} {len(scored):>4} {rasa_score['macro_f1']:>8.3f} {base_score['macro_f1']:>8.3f}")
    print(
        f"\nratio rasa/baseline {report['ratio_rasa_to_baseline']}, without fallback "
        f"{report['rasa_without_fallback']['macro_f1']:.3f}, fallback rate {report['rasa_fallback_rate']:.1%}, "
        f"overlap excluded {len(overlap)}, training {train_seconds:.0f} s, "
        f"model {report['training']['rasa_model_mb']} MB"
    )
    zh = report["chinese"]
    print(f"\nChinese ({zh['split']}, {zh['scored']} utterances)")
    print(f"{'intent':22} {'n':>4} {'rasa F1':>8} {'base F1':>8}")
    for intent, row in zh["rasa"]["per_intent"].items():
        print(f"{intent:22} {row['support']:>4} {row['f1']:>8.3f} {zh['baseline']['per_intent'][intent]['f1']:>8.3f}")
    print(f"{'macro-F1':22} {zh['scored']:>4} {zh['rasa']['macro_f1']:>8.3f} {zh['baseline']['macro_f1']:>8.3f}")
    print(
        f"ratio rasa/baseline {zh['ratio_rasa_to_baseline']}, without fallback "
        f"{zh['rasa_without_fallback']['macro_f1']:.3f}, fallback rate {zh['rasa_fallback_rate']:.1%}"
    )
    print(f"written: {results / 'nlu_eval.json'}, {results / 'nlu_eval.md'}")


if __name__ == "__main__":
    main()
