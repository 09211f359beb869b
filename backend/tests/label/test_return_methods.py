"""Return methods in the policy: which ways of handing a parcel over each shipped policy allows,
and what the loader says about a broken `return_methods:` section."""

from __future__ import annotations

import pytest

from returndesk.policy import PolicyError, load_policy
from returndesk.policy.schema import Subject

from ..policy.policy_factories import POLICY_DIR

DEFAULT_TEXT = (POLICY_DIR / "default.yml").read_text(encoding="utf-8")


def _subject(category: str) -> Subject:
    from returndesk.policy.decision import FaultSide

    return Subject(category, "SKU", frozenset(), False, "guest", "size_too_small", FaultSide.CUSTOMER)


@pytest.mark.parametrize(
    ("name", "kinds"),
    [
        pytest.param("default", ["mail", "drop_off", "in_store"], id="default"),
        pytest.param("china_online", ["mail", "drop_off"], id="china_online"),
        pytest.param("membership_tiers", ["mail", "drop_off"], id="membership_tiers"),
    ],
)
def test_shipped_policies_declare_return_methods(name, kinds):
    methods = load_policy(POLICY_DIR / f"{name}.yml").return_methods
    assert [method.kind for method in methods] == kinds
    assert all(method.needs_label == (method.kind != "in_store") for method in methods)


def test_in_store_only_for_the_categories_the_policy_names():
    in_store = {m.kind: m for m in load_policy(POLICY_DIR / "default.yml").return_methods}["in_store"]
    assert in_store.allows([_subject("apparel"), _subject("shoes")])
    assert not in_store.allows([_subject("apparel"), _subject("electronics")])


def test_a_policy_without_the_section_offers_mail(tmp_path):
    start = DEFAULT_TEXT.index("# How the customer hands")
    end = DEFAULT_TEXT.index("\ntexts:")
    path = tmp_path / "p.yml"
    path.write_text(DEFAULT_TEXT[:start] + DEFAULT_TEXT[end:], encoding="utf-8")
    assert [(m.kind, m.needs_label) for m in load_policy(path).return_methods] == [("mail", True)]


@pytest.mark.parametrize(
    ("old", "new", "path", "message"),
    [
        pytest.param(
            "  drop_off: {where:",
            "  drop_of: {where:",
            "return_methods.drop_of",
            'unknown return method "drop_of"; expected one of: mail, drop_off, in_store',
            id="unknown method",
        ),
        pytest.param(
            "    when: {categories: [apparel, shoes, home]}\n    where: ReturnDesk store",
            "    when: {categories: [apparel, shoe, home]}\n    where: ReturnDesk store",
            "return_methods.in_store.when.categories[1]",
            'unknown category "shoe"',
            id="undeclared category",
        ),
        pytest.param(
            "  mail: {}",
            "  mail: {label: maybe}",
            "return_methods.mail.label",
            'expected true or false, got "maybe"',
            id="label not a flag",
        ),
        pytest.param(
            "  mail: {}",
            "  mail: {were: here}",
            "return_methods.mail.were",
            'unknown key "were"; did you mean "where"?',
            id="typo",
        ),
    ],
)
def test_broken_return_methods_are_load_errors(tmp_path, old, new, path, message):
    assert old in DEFAULT_TEXT
    file = tmp_path / "p.yml"
    file.write_text(DEFAULT_TEXT.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_policy(file)
    assert caught.value.path == path and message in caught.value.message, str(caught.value)
    assert caught.value.line is not None


def test_an_empty_section_is_refused(tmp_path):
    start = DEFAULT_TEXT.index("return_methods:\n")
    end = DEFAULT_TEXT.index("\ntexts:")
    file = tmp_path / "p.yml"
    file.write_text(DEFAULT_TEXT[:start] + "return_methods: {}\n" + DEFAULT_TEXT[end:], encoding="utf-8")
    with pytest.raises(PolicyError, match="offer at least one return method"):
        load_policy(file)


def test_the_public_policy_lists_the_return_methods(api):
    methods = api.get("/policy").json()["return_methods"]
    assert [m["kind"] for m in methods] == ["mail", "drop_off", "in_store"]
    assert methods[2] == {
        "kind": "in_store",
        "needs_label": False,
        "when": methods[2]["when"],
        "where": "ReturnDesk store, Mönckebergstraße 7, Hamburg",
    }
    assert sorted(methods[2]["when"]["categories"]) == ["apparel", "home", "shoes"]
