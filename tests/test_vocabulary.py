"""The NLU data, the domain and the actions name only reason codes and resolutions the service knows.

The service owns the vocabulary (GET /api/v1/vocabulary); the assistant names codes in its training
data (entity values, synonyms, lookup tables, stories), in domain.yml and in the actions' own
tables and comparisons. A code the service does not know would be refused by it (a reason) or
never offered (a resolution), so it fails here first, with the file and the place to fix.
The service's codes are read from its own source (tests/service_vocabulary.py)."""

from __future__ import annotations

import ast
import re
import warnings
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest
import yaml

from .service_vocabulary import REPO, service_codes

KINDS = ("reason", "resolution")
# `/inform{"reason": "defective"}` in a button's payload, in the domain or an action's f-string.
PAYLOAD = re.compile(r'"(reason|resolution)"\s*:\s*"([\w-]+)"')
# The actions' own tables of codes: module, name, kind; a dict's or a pair's first item is the code.
# (The words for reasons and the form's reason buttons are the service's: none here.)
ACTION_TABLES = (("answers", "RESOLUTION_WORDS", "resolution"),)
# Calls that read a slot by name: tracker.get_slot("resolution"), slot(tracker, updates, "reason").
SLOT_READERS = {"get_slot", "slot", "recalled"}


def unknown(named: dict[str, set[str]]) -> dict[str, list[str]]:
    """Of each kind, the codes named that the service does not know."""
    return {kind: sorted(codes - service_codes(kind)) for kind, codes in named.items() if codes - service_codes(kind)}


# --- NLU data ------------------------------------------------------------------------------------
@cache
def training_data() -> Any:
    from rasa.shared.nlu.training_data.loading import load_data

    with warnings.catch_warnings():  # comments inside an examples block: Rasa says it skips them
        warnings.simplefilter("ignore")
        return load_data(str(REPO / "data" / "nlu"))


def received_values(data: Any) -> dict[str, set[str]]:
    """Per entity, the values the actions receive: the annotated value (or text) after synonyms,
    as Rasa's EntitySynonymMapper replaces it."""
    synonyms = data.entity_synonyms
    received: dict[str, set[str]] = {}
    for example in data.training_examples:
        for entity in example.get("entities") or []:
            value = str(entity.get("value", ""))
            received.setdefault(entity["entity"], set()).add(synonyms.get(value.lower(), value))
    for table in data.lookup_tables:  # a lookup table's words reach the actions through the synonyms too
        words = table["elements"] if isinstance(table["elements"], list) else []
        received.setdefault(table["name"], set()).update(synonyms.get(w.lower(), w) for w in words)
    return received


def nlu_names(data: Any) -> dict[str, set[str]]:
    received = received_values(data)
    named = {kind: set(received.get(kind, ())) for kind in KINDS}
    # A synonym feeds whichever entity its text is annotated as; one whose value no other entity
    # receives is a reason's or a resolution's (the NLU data has no other free-text entities), so
    # a misspelt code in a synonym's name is caught even where no example is annotated with it.
    others = set().union(*(values for entity, values in received.items() if entity not in KINDS))
    for value in set(data.entity_synonyms.values()) - others - named["reason"] - named["resolution"]:
        named["resolution" if value in service_codes("resolution") else "reason"].add(value)
    return named


def test_the_nlu_data_names_only_codes_the_service_knows():
    named = nlu_names(training_data())
    assert unknown(named) == {}
    # Read for real: every code the chat is trained to hear was found.
    assert {"size_too_small", "defective", "other"} <= named["reason"]
    assert named["resolution"] == {"refund", "exchange", "store_credit"}


def test_a_misspelt_code_in_the_nlu_data_is_found():
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    broken = RasaYAMLReader().reads(
        'version: "3.1"\nnlu:\n'
        "- intent: inform\n  examples: |\n"
        '    - it [came broken]{"entity": "reason", "value": "damaged_in_transt"}\n'
        "    - [money back](resolution)\n"
        "- synonym: refund\n  examples: |\n    - money back\n"
        "- synonym: wrong_itme\n  examples: |\n    - not mine\n"
        "- intent: count\n  examples: |\n    - [two](quantity)\n"
        '- synonym: "2"\n  examples: |\n    - two\n'
    )
    assert unknown(nlu_names(broken)) == {"reason": ["damaged_in_transt", "wrong_itme"]}


# --- stories, rules and the domain ----------------------------------------------------------------
def story_names(document: Any) -> Iterator[tuple[str, str]]:
    """(kind, code) of every `entities:` or `slot_was_set:` item for a reason or a resolution."""
    if isinstance(document, dict):
        for key, value in document.items():
            if key in ("entities", "slot_was_set") and isinstance(value, list):
                for item in value:
                    if isinstance(item, dict):
                        yield from ((k, str(v)) for k, v in item.items() if k in KINDS and v is not None)
            else:
                yield from story_names(value)
    elif isinstance(document, list):
        for item in document:
            yield from story_names(item)


def domain_names(domain: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for kind in KINDS:
        slot = (domain.get("slots") or {}).get(kind) or {}
        yield from ((kind, str(value)) for value in slot.get("values") or [])
    yield from (pair for text in texts_in(domain.get("responses")) for pair in PAYLOAD.findall(text))


def texts_in(document: Any) -> Iterator[str]:
    if isinstance(document, str):
        yield document
    elif isinstance(document, dict | list):
        for item in document.values() if isinstance(document, dict) else document:
            yield from texts_in(item)


def grouped(pairs: Iterator[tuple[str, str]]) -> dict[str, set[str]]:
    named: dict[str, set[str]] = {kind: set() for kind in KINDS}
    for kind, code in pairs:
        named[kind].add(code)
    return named


@pytest.mark.parametrize("path", sorted((REPO / "data").glob("*.yml")), ids=lambda path: str(path.relative_to(REPO)))
def test_stories_and_rules_name_only_codes_the_service_knows(path):
    assert unknown(grouped(story_names(yaml.safe_load(path.read_text())))) == {}


def test_the_domain_names_only_codes_the_service_knows():
    assert unknown(grouped(domain_names(yaml.safe_load((REPO / "domain.yml").read_text())))) == {}


def test_a_misspelt_code_in_a_story_or_the_domain_is_found():
    steps = [{"entities": [{"reason": "sizetoo_small"}]}, {"slot_was_set": [{"resolution": "cash"}]}]
    story = {"stories": [{"story": "a typo", "steps": steps}]}
    assert unknown(grouped(story_names(story))) == {"reason": ["sizetoo_small"], "resolution": ["cash"]}
    domain = {
        "slots": {"reason": {"type": "categorical", "values": ["defective", "broken"]}},
        "responses": {"utter_x": [{"text": "x", "buttons": [{"payload": '/inform{"resolution": "voucher"}'}]}]},
    }
    assert unknown(grouped(domain_names(domain))) == {"reason": ["broken"], "resolution": ["voucher"]}


# --- the actions --------------------------------------------------------------------------------
def _names_slot(node: ast.AST) -> str | None:
    """ "reason"/"resolution" when the expression is that slot or a variable of that name."""
    if isinstance(node, ast.Name) and node.id in KINDS:
        return node.id
    if isinstance(node, ast.Call):
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
        if name in SLOT_READERS:
            return next((a.value for a in node.args if isinstance(a, ast.Constant) and a.value in KINDS), None)
    return None


def _strings(node: ast.AST) -> list[str]:
    """The string literals an expression can be: "a", "a" or "b", ("a", "b") - not a call's arguments."""
    if isinstance(node, ast.Constant):
        return [node.value] if isinstance(node.value, str) else []
    if isinstance(node, ast.BoolOp):
        return [s for value in node.values for s in _strings(value)]
    if isinstance(node, ast.IfExp):
        return _strings(node.body) + _strings(node.orelse)
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return [s for element in node.elts for s in _strings(element)]
    return []


def source_names(source: str) -> Iterator[tuple[str, str]]:
    """(kind, code) the code compares a reason or resolution with, sets it to, or sends as a payload."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield from PAYLOAD.findall(node.value)
        elif isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            kind = next((k for side in sides if (k := _names_slot(side))), None)
            if kind:
                yield from ((kind, s) for side in sides if not _names_slot(side) for s in _strings(side))
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and key.value in KINDS:
                    yield from ((key.value, s) for s in _strings(value))
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "SlotSet" and len(node.args) == 2:
            slot, value = node.args
            if isinstance(slot, ast.Constant) and slot.value in KINDS:
                yield from ((slot.value, s) for s in _strings(value))


def table_names() -> Iterator[tuple[str, str]]:
    import importlib

    for module, name, kind in ACTION_TABLES:
        table = getattr(importlib.import_module(f"actions.{module}"), name)
        for entry in table:
            yield kind, entry[0] if isinstance(entry, tuple) else entry


SOURCES = sorted((REPO / "actions").glob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: str(path.relative_to(REPO)))
def test_the_actions_compare_set_and_send_only_codes_the_service_knows(path):
    assert unknown(grouped(source_names(path.read_text()))) == {}


def test_the_actions_tables_name_only_codes_the_service_knows():
    named = grouped(table_names())
    assert unknown(named) == {}
    assert named["resolution"] == {"refund", "exchange", "store_credit"}


def test_the_scan_of_the_actions_sees_their_codes_and_a_misspelt_one():
    seen = grouped(pair for path in SOURCES for pair in source_names(path.read_text()))
    assert "exchange" in seen["resolution"] and "other" in seen["reason"]  # the scan reads the real code
    broken = (
        'if tracker.get_slot("resolution") == "exchnage": pass\n'
        'events = [SlotSet("reason", "defectve")]\n'
        'updates = {"reason": named or "othr"}\n'
        'payload = f\'/inform{{"resolution": "refnd"}}\'\n'
        'if resolution in ("refund", "voucher"): pass\n'
    )
    assert unknown(grouped(source_names(broken))) == {
        "reason": ["defectve", "othr"],
        "resolution": ["exchnage", "refnd", "voucher"],
    }
