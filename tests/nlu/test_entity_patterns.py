"""The regexes of data/nlu/entities.yml, as Rasa's RegexEntityExtractor applies them, in both languages.

The extractor runs each pattern over the whole message (re.finditer, case-insensitive as
config.yml asks) and takes every match as an entity. These tests need no trained model: they
say what the patterns find, in English and inside Chinese text, where \\b sees no word edge.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def patterns() -> dict[str, list[str]]:
    data = yaml.safe_load((ROOT / "data" / "nlu" / "entities.yml").read_text())
    return {
        item["regex"]: [line[2:] for line in item["examples"].splitlines() if line.startswith("- ")]
        for item in data["nlu"]
        if "regex" in item
    }


PATTERNS = patterns()


def found(text: str) -> dict[str, list[str]]:
    """{entity: [matched text, ...]} for every pattern that matches, as the extractor reads them."""
    matches: dict[str, list[str]] = {}
    for entity, regexes in PATTERNS.items():
        for regex in regexes:
            for match in re.finditer(regex, text, flags=re.IGNORECASE):
                matches.setdefault(entity, []).append(match.group())
    return matches


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Inside Chinese text, with no space on either side.
        pytest.param("订单A1005的裤子太小了", {"order_number": ["A1005"]}, id="zh: order number"),
        pytest.param("我的单号是a1003，帮我查下", {"order_number": ["a1003"]}, id="zh: lower-case order"),
        pytest.param("订单号W-10045还没到", {"order_number": ["W-10045"]}, id="zh: hyphenated order"),
        pytest.param("退货单RMA-7K4M-9QXT-2B5H到哪了", {"rma_number": ["RMA-7K4M-9QXT-2B5H"]}, id="zh: rma number"),
        pytest.param("邮箱是lina.wang@qq.com谢谢", {"email": ["lina.wang@qq.com"]}, id="zh: email"),
        pytest.param("我手机13812345678", {"phone": ["13812345678"]}, id="zh: mobile"),
        pytest.param("电话+86 139 1234 5678哦", {"phone": ["+86 139 1234 5678"]}, id="zh: +86 mobile"),
        pytest.param(
            "订单B20456，手机15012345678",
            {"order_number": ["B20456"], "phone": ["15012345678"]},
            id="zh: order and mobile",
        ),
        pytest.param("我要退2件", {}, id="zh: a quantity is no number"),
        # English, as before the patterns lost their \b.
        pytest.param("order #D2090 I think", {"order_number": ["D2090"]}, id="en: order with hash"),
        pytest.param("RMA-5T8W-3N6Q-9K2D", {"rma_number": ["RMA-5T8W-3N6Q-9K2D"]}, id="en: rma"),
        pytest.param("rma 5t8w 3n6q 9k2d", {"rma_number": ["rma 5t8w 3n6q 9k2d"]}, id="en: rma with spaces"),
        pytest.param("jane.doe+shop@example.co.uk.", {"email": ["jane.doe+shop@example.co.uk"]}, id="en: email"),
        pytest.param("call me on +1 312 555 0198", {"phone": ["+1 312 555 0198"]}, id="en: phone"),
        pytest.param("size 10 in black", {}, id="en: a size is no number"),
        # Issue 15: an order number typed with a space, and one after "its order".
        pytest.param("K 582348", {"order_number": ["K 582348"]}, id="en: order with a space"),
        pytest.param("its order k131310", {"order_number": ["k131310"]}, id="en: its order"),
        pytest.param("a 1000 euro laptop", {}, id="en: lower case and a space is no order"),
    ],
)
def test_the_patterns_find_the_numbers(text: str, expected: dict[str, list[str]]):
    assert found(text) == expected


def annotated(entity: str) -> list[tuple[str, str]]:
    """(message, annotated value) of every example in data/ that marks this entity."""
    from rasa.shared.data import get_data_files, is_nlu_file
    from rasa.shared.nlu.training_data.loading import load_data

    files = sorted(get_data_files([str(ROOT / "data")], is_nlu_file))
    return [
        (m.get("text"), m.get("text")[e["start"] : e["end"]])
        for f in files
        for m in load_data(f).training_examples
        for e in m.get("entities") or []
        if e["entity"] == entity
    ]


@pytest.mark.parametrize("entity", ["order_number", "rma_number", "email", "phone"])
def test_every_annotated_number_in_the_training_data_is_found_whole(entity: str):
    # The CRF learns from the regex features: an annotation the pattern misses, or cuts short,
    # teaches it that the pattern is not to be trusted.
    examples = annotated(entity)
    assert examples, f"no {entity} annotations in data/"
    missed = [(text, value) for text, value in examples if value not in found(text).get(entity, [])]
    assert not missed, missed
