"""The message catalogues (locales/<language>/assistant.po) against each other and against the code:
every key in every language with the same placeholders, and every key the code or domain.yml asks
for present, with the values the code passes."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml

from actions.status import STATUSES
from actions.texts import DEDUCTION_KINDS, SHIPPING_PAYERS
from bot import catalogue

REPO = Path(__file__).resolve().parents[2]
SOURCES = sorted([*REPO.glob("actions/*.py"), *REPO.glob("bot/**/*.py")])
# Functions whose second argument (or first, for a channel's reply) is a catalogue key.
KEYED_CALLS = {"t": 1, "message": 1, "template": 1}
# Keys the code builds from a code it got from the service or the NLU: each family in full.
# (Reasons and resolutions are titled by the service: tests/actions/test_vocabulary.py.)
FAMILIES = {
    "shipping": SHIPPING_PAYERS,
    "status": STATUSES,
    "channel": ("too_long", "assistant_down"),
    "refund.less": DEDUCTION_KINDS,
}


def catalogue_problems(catalogues: dict[str, dict[str, str]]) -> list[str]:
    """What is wrong between the languages' catalogues: a key missing in one, or other placeholders."""
    problems = []
    every_key = set().union(*catalogues.values())
    for language, messages in sorted(catalogues.items()):
        problems += [f"{language}: no {key!r}" for key in sorted(every_key - set(messages))]
    reference = catalogues[catalogue.DEFAULT_LANGUAGE]
    for language, messages in sorted(catalogues.items()):
        for key in sorted(set(messages) & set(reference)):
            theirs, ours = catalogue.placeholders(messages[key]), catalogue.placeholders(reference[key])
            if theirs != ours:
                problems.append(f"{language}: {key!r} has {sorted(theirs)}, English has {sorted(ours)}")
    return problems


def keyed_calls(source: Path) -> list[tuple[str, set[str] | None, int]]:
    """(key, keyword names passed or None when **values are, line) of each call with a literal key."""
    found = []
    for node in ast.walk(ast.parse(source.read_text(), str(source))):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
        index = KEYED_CALLS.get(name)
        if index is None or len(node.args) <= index:
            continue
        key = node.args[index]
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            spread = any(k.arg is None for k in node.keywords)
            found.append((key.value, None if spread else {k.arg for k in node.keywords}, node.lineno))
    return found


def domain_keys() -> set[str]:
    responses = yaml.safe_load((REPO / "domain.yml").read_text())["responses"]
    keys = set()
    for variants in responses.values():
        for variant in variants:
            keys.add(variant["text"])
            keys.update(button["title"] for button in variant.get("buttons", []))
    return keys


def test_every_key_is_in_every_language_with_the_same_placeholders():
    catalogues = {language: catalogue.messages(language) for language in catalogue.LANGUAGES}
    assert catalogue_problems(catalogues) == []
    assert len(catalogues["zh"]) > 100  # the real files were read, not an empty directory


def test_the_check_finds_a_missing_key_and_a_changed_placeholder():
    broken = {
        "en": {"greet": "Hi {name}", "bye": "Bye"},
        "zh": {"greet": "你好 {customer}"},
    }
    assert catalogue_problems(broken) == ["zh: no 'bye'", "zh: 'greet' has ['customer'], English has ['name']"]


@pytest.mark.parametrize("source", SOURCES, ids=lambda path: str(path.relative_to(REPO)))
def test_every_key_the_code_asks_for_exists_with_the_values_it_passes(source):
    english = catalogue.messages("en")
    problems = []
    for key, passed, line in keyed_calls(source):
        if key not in english:
            problems.append(f"line {line}: no message {key!r}")
        elif passed is not None and passed != catalogue.placeholders(english[key]):
            wanted = sorted(catalogue.placeholders(english[key]))
            problems.append(f"line {line}: {key!r} is given {sorted(passed)}, wants {wanted}")
    assert problems == []


def test_the_scan_sees_the_code_s_keys():
    # A scan that found nothing would pass the test above for any code.
    keys = {key for source in SOURCES for key, _, _ in keyed_calls(source)}
    assert {"form.order_found", "submit.done", "ask.reason", "language.switched"} <= keys


def test_every_domain_response_and_button_title_is_a_key():
    assert sorted(domain_keys() - set(catalogue.messages("en"))) == []


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_every_code_of_a_family_has_its_message(family):
    missing = [code for code in FAMILIES[family] if f"{family}.{code}" not in catalogue.messages("en")]
    assert missing == []


def test_a_key_no_catalogue_has_is_an_error_not_a_blank():
    with pytest.raises(catalogue.MissingMessage):
        catalogue.message("zh", "no.such.key")


@pytest.mark.parametrize(
    ("language", "money", "date"),
    [
        pytest.param("en", "€12.50", "12 March 2026", id="en"),
        pytest.param("zh", "€12.50", "2026年3月12日", id="zh"),
    ],
)
def test_money_and_dates_are_written_as_the_locale_writes_them(language, money, date):
    assert catalogue.money(1250, "EUR", language) == money
    assert catalogue.day("2026-03-12", language) == date


def test_yuan_and_currencies_without_cents():
    assert catalogue.money(1250, "CNY", "zh") == "¥12.50"
    assert catalogue.money(1250, "JPY", "en") == "JP¥1,250"  # British English names which yen


def test_sentences_are_joined_as_each_language_writes_them():
    assert catalogue.sentences("en", ["One.", "Two."]) == "One. Two."
    assert catalogue.sentences("zh", ["一。", "二。"]) == "一。二。"
    # A sentence that ends in a link (or the service's English) keeps a space after it.
    assert catalogue.sentences("zh", ["标签：http://x/label.pdf", "二。"]) == "标签：http://x/label.pdf 二。"
