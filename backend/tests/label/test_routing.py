"""Routing: which destination each returned line goes to, and the strict routing-file loader."""

from __future__ import annotations

import pytest

from returndesk.label.destinations import DEFAULT_ROUTING_FILE, load_routing
from returndesk.policy import PolicyError, load_policy

from ..policy.policy_factories import POLICY_DIR

DEFAULT = load_policy(POLICY_DIR / "default.yml")
ROUTING_TEXT = DEFAULT_ROUTING_FILE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def routing():
    return load_routing(DEFAULT_ROUTING_FILE, categories=DEFAULT.categories, currency=DEFAULT.currency)


@pytest.mark.parametrize(
    ("category", "reason", "unit_price_minor", "destination", "route_id"),
    [
        pytest.param("electronics", "defective", 24900, "repair_centre", "route.electronics_fault", id="faulty phone"),
        pytest.param("electronics", "missing_parts", 24900, "repair_centre", "route.electronics_fault", id="parts"),
        pytest.param("electronics", "changed_mind", 24900, "main_warehouse", "default", id="unwanted phone"),
        pytest.param("made_to_order", "wrong_item", 12000, "vendor", "route.made_to_order", id="made to order"),
        pytest.param("perishable_food", "damaged_in_transit", 2500, "keep_item", "route.perishable", id="food"),
        pytest.param("apparel", "size_too_small", 450, "keep_item", "route.cheap_item", id="socks under 5.00"),
        pytest.param("apparel", "size_too_small", 500, "keep_item", "route.cheap_item", id="exactly 5.00 is kept"),
        pytest.param("apparel", "size_too_small", 501, "main_warehouse", "default", id="5.01 comes back"),
        pytest.param("electronics", "defective", 300, "repair_centre", "route.electronics_fault", id="first rule wins"),
        pytest.param("shoes", "defective", 8900, "main_warehouse", "default", id="faulty shoes"),
    ],
)
def test_routing_table(routing, category, reason, unit_price_minor, destination, route_id):
    found, chosen_by = routing.destination_for(category=category, reason=reason, unit_price_minor=unit_price_minor)
    assert (found.id, chosen_by) == (destination, route_id)


def test_destinations_have_what_a_label_needs(routing):
    for destination in routing.destinations.values():
        assert destination.ships == bool(destination.address), destination.id
    assert routing.default.id == "main_warehouse"
    assert routing.destinations["repair_centre"].address[-2] == "04109 Leipzig"


@pytest.mark.parametrize("name", ["china_online", "membership_tiers"])
def test_routing_loads_against_every_shipped_policy(name):
    policy = load_policy(POLICY_DIR / f"{name}.yml")
    assert load_routing(DEFAULT_ROUTING_FILE, categories=policy.categories, currency=policy.currency).routes


BROKEN = [
    # replace `old` with `new` in destinations.yml; the error is on the line where `at` now appears
    pytest.param(
        "    to: repair_centre",
        "    to: repair_center",
        "repair_center",
        "routes[0].to",
        'unknown destination "repair_center" (did you mean "repair_centre"?)',
        id="unknown destination",
    ),
    pytest.param(
        "when: {categories: [made_to_order]}",
        "when: {categories: [made_to_ordr]}",
        "made_to_ordr",
        "routes[1].when.categories[0]",
        'unknown category "made_to_ordr" (did you mean "made_to_order"?)',
        id="category the policy does not declare",
    ),
    pytest.param(
        "reasons: [defective, missing_parts",
        "reasons: [defect, missing_parts",
        "defect,",
        "routes[0].when.reasons[0]",
        'unknown reason code "defect"',
        id="unknown reason",
    ),
    pytest.param(
        'when: {max_unit_price: "5.00"}',
        'when: {max_unit_price: "5.001"}',
        "5.001",
        "routes[3].when.max_unit_price",
        "EUR has 2 decimal places",
        id="price with too many decimals",
    ),
    pytest.param(
        'when: {max_unit_price: "5.00"}',
        'when: {max_price: "5.00"}',
        "max_price",
        "routes[3].when.max_price",
        'unknown key "max_price"; did you mean "max_unit_price"?',
        id="typo in a when key",
    ),
    pytest.param(
        "  - id: route.made_to_order",
        "  - id: route.electronics_fault",
        "id: route.electronics_fault\n    when: {categories: [made",
        "routes[1].id",
        'route id "route.electronics_fault" is used twice',
        id="duplicate route id",
    ),
    pytest.param(
        "    ships: true\n    address:\n      - ReturnDesk Repair Centre",
        "    ships: true\n    addres:\n      - ReturnDesk Repair Centre",
        "- ReturnDesk Repair Centre",
        "destinations.repair_centre.addres",
        'unknown key "addres"; did you mean "address"?',
        id="typo in a destination key",
    ),
    pytest.param(
        "    ships: false\n",
        "    ships: false\n    address: [Somewhere 1]\n",
        "address: [Somewhere 1]",
        "destinations.keep_item.address",
        "a destination that receives nothing (ships: false) takes no address",
        id="address on keep-item",
    ),
    pytest.param(
        "default: main_warehouse",
        "default: keep_item",
        "default: keep_item",
        "default",
        "the default destination must receive parcels",
        id="default that ships nothing",
    ),
    pytest.param(
        "    ships: true\n    address:\n      - ReturnDesk Demo Shop",
        "    ships: yes please\n    address:\n      - ReturnDesk Demo Shop",
        "yes please",
        "destinations.main_warehouse.ships",
        'expected true or false, got "yes please"',
        id="ships not a flag",
    ),
]


@pytest.mark.parametrize(("old", "new", "at", "path", "message"), BROKEN)
def test_broken_routing_names_file_line_key_and_fix(tmp_path, old, new, at, path, message):
    assert old in ROUTING_TEXT
    text = ROUTING_TEXT.replace(old, new, 1)
    file = tmp_path / "destinations.yml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_routing(file, categories=DEFAULT.categories, currency=DEFAULT.currency)
    error = caught.value
    expected_line = _line_of(text, at)
    assert (error.path, error.line) == (path, expected_line), str(error)
    assert message in error.message
    assert str(error).startswith(f"{file} line {expected_line}, {path}: ")


def _line_of(text: str, at: str) -> int:
    """The line where `at` first appears outside a comment."""
    start = 0
    while True:
        index = text.index(at, start)
        line_start = text.rfind("\n", 0, index) + 1
        if not text[line_start:index].lstrip().startswith("#"):
            return text.count("\n", 0, index) + 1
        start = index + 1


def test_missing_section_and_unreadable_file(tmp_path):
    file = tmp_path / "destinations.yml"
    file.write_text("destinations: {}\nroutes: []\n", encoding="utf-8")
    with pytest.raises(PolicyError, match='missing required key "default"'):
        load_routing(file, categories=DEFAULT.categories, currency=DEFAULT.currency)
    with pytest.raises(PolicyError, match="cannot read the file"):
        load_routing(tmp_path / "nope.yml", categories=DEFAULT.categories, currency=DEFAULT.currency)
