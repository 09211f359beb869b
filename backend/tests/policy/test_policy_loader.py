"""Loading policy files: the shipped ones load; each kind of mistake is reported with the
file, the line, the key path and what to write instead."""

from __future__ import annotations

import re

import pytest

from returndesk.policy import PolicyError, load_policy
from returndesk.policy.public import summary_sections

from .policy_factories import POLICY_DIR, SHIPPED

DEFAULT_TEXT = (POLICY_DIR / "default.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_policies_load(name):
    policy = load_policy(POLICY_DIR / f"{name}.yml")
    assert policy.id == name
    assert re.fullmatch(r"2026-11-01\+[0-9a-f]{8}", policy.version)
    assert policy.default_locale == "en" and policy.locales[0] == "en"
    for locale in policy.locales:
        sections = summary_sections(policy, locale)
        assert sections and all(heading and bullets for heading, bullets in sections)
        assert all("{" not in line for _, bullets in sections for line in bullets)


def test_version_changes_with_the_file_bytes(tmp_path):
    path = tmp_path / "p.yml"
    path.write_text(DEFAULT_TEXT + "\n# a comment\n", encoding="utf-8")
    assert load_policy(path).version != load_policy(POLICY_DIR / "default.yml").version


BROKEN = [
    # replace `old` with `new` in default.yml; the error is on the line where `at` now appears
    pytest.param(
        "  standard: {days: 30}\n  rules:\n    - id: window.tier.gold\n      when: {tiers: [gold]}\n      days: 60",
        "  standard: {days: 30}\n  rules:\n    - id: window.tier.gold\n      when: {tiers: [gold]}\n      days: thirty",
        "days: thirty",
        "windows.rules[0].days",
        'expected a whole number of days or "unlimited", got "thirty"',
        id="days not a number",
    ),
    pytest.param(
        "when: {categories: [electronics]}\n      days: 14",
        "when: {catgories: [electronics]}\n      days: 14",
        "catgories",
        "windows.rules[1].when.catgories",
        'unknown key "catgories"; did you mean "categories"?',
        id="typo in a key",
    ),
    pytest.param(
        "when: {categories: [made_to_order]}",
        "when: {categories: [made_to_ordr]}",
        "made_to_ordr",
        "exclusions[2].when.categories[0]",
        'unknown category "made_to_ordr" (did you mean "made_to_order"?)',
        id="undeclared category",
    ),
    pytest.param(
        "reasons: [wrong_item, not_as_described]",
        "reasons: [wrong_item, not_as_describd]",
        "not_as_describd",
        "evidence[1].when.reasons[1]",
        'unknown reason code "not_as_describd"',
        id="unknown reason code",
    ),
    pytest.param(
        "carrier: merchant}",
        "carrier: shop}",
        "carrier: shop",
        "shipping.payer.carrier",
        'unknown fault side "shop"',
        id="unknown fault side",
    ),
    pytest.param(
        'high_value: {above: "500.00"}',
        'high_value: {above: "500.00", outcome: escalate}',
        "escalate",
        "review.high_value.outcome",
        'unknown outcome "escalate"; expected one of: review, reject',
        id="unknown outcome",
    ),
    pytest.param(
        'high_value: {above: "500.00"}',
        'high_valu: {above: "500.00"}',
        "high_valu",
        "review.high_valu",
        'unknown review rule "high_valu"',
        id="unknown review rule",
    ),
    pytest.param(
        "      exclusion.perishable: Perishable food cannot be returned unless it arrived spoiled or damaged.\n",
        "",
        "      window.standard: You",
        "texts.en.rules",
        'missing text for "exclusion.perishable"',
        id="missing default-locale text",
    ),
    pytest.param(
        "      exclusion.perishable:",
        "      exclusion.perishible:",
        "exclusion.perishible",
        "texts.en.rules.exclusion.perishible",
        'no such rule id "exclusion.perishible"',
        id="text for no rule",
    ),
    pytest.param(
        "within {period} of delivery.\n      window.tier.gold",
        "within {periods} of delivery.\n      window.tier.gold",
        "{periods}",
        "texts.en.rules.window.standard",
        "unknown placeholder {periods}",
        id="unknown placeholder",
    ),
    pytest.param(
        "- id: exclusion.made_to_order",
        "- id: exclusion.perishable",
        "- id: exclusion.perishable\n    when: {categories: [made",
        "exclusions[2].id",
        'rule id "exclusion.perishable" is already used on line',
        id="duplicate rule id",
    ),
    pytest.param(
        "- id: fee.electronics_opened",
        "- id: restocking.electronics_opened",
        "restocking.electronics",
        "restocking_fees[0].id",
        'rule ids in this section start with "fee."',
        id="rule id in the wrong section",
    ),
    pytest.param(
        'label_cost: "4.95"',
        'label_cost: "4.955"',
        "4.955",
        "shipping.label_cost",
        'EUR has 2 decimal places, got "4.955"',
        id="amount with too many decimals",
    ),
    pytest.param(
        "except_if: [sealed]\n\nrestocking",
        "except_if: [unopened]\n\nrestocking",
        "unopened",
        "exclusions[4].except_if[0]",
        'unknown condition "unopened"',
        id="undeclared condition",
    ),
    pytest.param(
        "count_from: delivery",
        "count_from: shipment",
        "shipment",
        "windows.count_from",
        'unknown count_from "shipment"; expected one of: delivery, order',
        id="unknown count_from",
    ),
    pytest.param(
        "      days: 60",
        "      days: 60\n      months: 2",
        "id: window.tier.gold",
        "windows.rules[0]",
        'give exactly one of "days"',
        id="days and months together",
    ),
    pytest.param(
        "  currency: EUR",
        "  currency: euro",
        "currency: euro",
        "policy.currency",
        'expected an ISO 4217 currency code such as "EUR"',
        id="bad currency",
    ),
    pytest.param(
        "  default_locale: en",
        "  default_locale: de",
        "  en:",
        "texts",
        'missing texts for the default locale "de"',
        id="no texts for the default locale",
    ),
    pytest.param(
        "  label_cost:",
        "  label_cost: 1\n  label_cost:",
        'label_cost: "4.95"',
        "shipping.label_cost",
        "duplicate key",
        id="duplicate key",
    ),
    pytest.param(
        "tiers: [gold, silver, bronze, guest]",
        "tiers: [gold, silver, bronze, guest",
        "\nconditions:",
        "",
        "not valid YAML",
        id="YAML syntax error",
    ),
    pytest.param(
        "percent: 10",
        "percent: 110",
        "percent: 110",
        "restocking_fees[0].percent",
        "expected a percentage (0 to 100)",
        id="percent out of range",
    ),
]


@pytest.mark.parametrize(("old", "new", "at", "key_path", "message"), BROKEN)
def test_schema_errors_name_file_line_key_and_fix(tmp_path, old, new, at, key_path, message):
    assert old in DEFAULT_TEXT, old
    broken = DEFAULT_TEXT.replace(old, new, 1)
    path = tmp_path / "broken.yml"
    path.write_text(broken, encoding="utf-8")
    expected_line = broken[: broken.index(at)].count("\n") + 1 + (at.startswith("\n"))
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    error = caught.value
    assert str(error).startswith(f"{path} line {expected_line}, {key_path}" if key_path else f"{path} line"), str(error)
    assert message in str(error)
    assert (error.line, error.path) == (expected_line, key_path) or not key_path


def test_unreadable_and_empty_files(tmp_path):
    with pytest.raises(PolicyError, match="cannot read the file"):
        load_policy(tmp_path / "missing.yml")
    empty = tmp_path / "empty.yml"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(PolicyError, match="the file is empty"):
        load_policy(empty)


def test_missing_required_section(tmp_path):
    path = tmp_path / "p.yml"
    path.write_text(DEFAULT_TEXT.replace("tiers: [gold, silver, bronze, guest]\n", ""), encoding="utf-8")
    with pytest.raises(PolicyError, match=r'line 3: missing required key "tiers"'):
        load_policy(path)
