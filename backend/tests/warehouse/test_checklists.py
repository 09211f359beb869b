"""The checklist file is read strictly: every mistake names the file, the line and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from returndesk.kit.yamlnodes import PolicyError
from returndesk.warehouse.checklists import DEFAULT_CHECKLISTS_FILE, load_checklists

CATEGORIES = ("apparel", "electronics", "home")
GOOD = """\
default:
  - {id: packaging_intact, question: "Packaging intact?"}
checklists:
  apparel:
    - {id: tags_attached, question: "Tags attached?", shows: unused}
"""


def load(tmp_path: Path, text: str):
    path = tmp_path / "checklists.yml"
    path.write_text(text)
    return load_checklists(path, categories=CATEGORIES)


def test_the_shipped_file_loads_against_the_default_policy():
    from returndesk.policy import load_policy

    # Read directly: get_policy() would cache settings before the test database is chosen.
    policy = load_policy(Path(__file__).resolve().parents[2] / "policies" / "default.yml")
    rules = load_checklists(DEFAULT_CHECKLISTS_FILE, categories=policy.categories)
    assert [item.id for item in rules.for_category("electronics")][:2] == ["powers_on", "function_test"]
    assert rules.for_category("digital") == rules.default
    assert "defective" in rules.claimed_fault and "changed_mind" in rules.claimed_unused


def test_a_category_without_a_list_uses_the_default(tmp_path):
    rules = load(tmp_path, GOOD)
    assert [item.id for item in rules.for_category("home")] == ["packaging_intact"]
    assert rules.for_category("apparel")[0].shows == "unused"


@pytest.mark.parametrize(
    ("text", "where", "says"),
    [
        pytest.param(GOOD.replace("apparel:", "aparel:"), "line 5, checklists.aparel", "not a category", id="category"),
        pytest.param(
            GOOD.replace("question:", "questoin:", 1), "line 2, default[0].questoin", "did you mean", id="key"
        ),
        pytest.param(GOOD.replace("shows: unused", "shows: used"), "line 5", "unknown shows value", id="shows"),
        pytest.param(
            GOOD + "    - {id: tags_attached, question: again}\n", "line 6", "used twice in this checklist", id="dup"
        ),
        pytest.param(GOOD + "mismatch: {claimed_fault: [broken]}\n", "line 6", "unknown reason code", id="reason"),
        pytest.param(
            GOOD.replace('default:\n  - {id: packaging_intact, question: "Packaging intact?"}\n', "default: []\n"),
            "line 1, default",
            "at least one item",
            id="empty",
        ),
    ],
)
def test_mistakes_are_load_errors_naming_the_place(tmp_path, text, where, says):
    with pytest.raises(PolicyError) as error:
        load(tmp_path, text)
    assert where in str(error.value) and says in str(error.value)
    assert "checklists.yml" in str(error.value)
