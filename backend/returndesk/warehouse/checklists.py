"""warehouse/checklists.yml -> Checklists: what QC checks per category, read strictly.

A checklist item nobody can answer, or a typo in a category, would let a line be graded without
the check the SOP asks for; so the file is read like a policy (`policy/yamlnodes.py`): unknown
keys, categories the policy does not declare, duplicate item ids and unknown reason codes are
load errors naming the file, the line and the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from ..kit.yamlnodes import PolicyError, Y, compose, display_name
from ..policy.current import get_policy
from ..policy.reasons import REASON_CODES

BACKEND_DIR = Path(__file__).resolve().parents[2]
DEFAULT_CHECKLISTS_FILE = BACKEND_DIR / "warehouse" / "checklists.yml"
Shows = Literal["works", "unused"]
SHOWS: tuple[Shows, ...] = ("works", "unused")
MAX_ITEMS = 20

ChecklistError = PolicyError


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    question: str
    shows: Shows | None = None


@dataclass(frozen=True)
class Checklists:
    by_category: dict[str, tuple[ChecklistItem, ...]]
    default: tuple[ChecklistItem, ...]
    claimed_fault: frozenset[str]
    claimed_unused: frozenset[str]

    def for_category(self, category: str) -> tuple[ChecklistItem, ...]:
        return self.by_category.get(category, self.default)


def load_checklists(path: str | Path, *, categories: tuple[str, ...]) -> Checklists:
    """Read one checklist file against the categories of the policy in force."""
    path = Path(path)
    file = display_name(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise PolicyError(file, None, "", f"cannot read the file ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise PolicyError(file, None, "", "not UTF-8 text; save the file as UTF-8") from None
    top = compose(text, file).fields({"default", "checklists"}, {"mismatch"})
    by_category: dict[str, tuple[ChecklistItem, ...]] = {}
    for category, node in top["checklists"].items():
        if category not in categories:
            node.fail(f'"{category}" is not a category of the policy; expected one of: {", ".join(categories)}')
        by_category[category] = _items(node)
    mismatch = top["mismatch"].fields(set(), {"claimed_fault", "claimed_unused"}) if "mismatch" in top else {}
    reasons = {
        key: frozenset(mismatch[key].choices(REASON_CODES, "reason code")) if key in mismatch else frozenset()
        for key in ("claimed_fault", "claimed_unused")
    }
    return Checklists(by_category=by_category, default=_items(top["default"]), **reasons)


def _items(node: Y) -> tuple[ChecklistItem, ...]:
    items: list[ChecklistItem] = []
    seen: set[str] = set()
    listed = node.seq()
    if not listed:
        node.fail("list at least one item to check, e.g. - {id: tags_attached, question: Original tags attached?}")
    if len(listed) > MAX_ITEMS:
        node.fail(f"at most {MAX_ITEMS} items per checklist; a longer one is not read at a bench")
    for entry in listed:
        fields = entry.fields({"id", "question"}, {"shows"})
        item_id = fields["id"].ident("an item id")
        if item_id in seen:
            fields["id"].fail(f'item id "{item_id}" is used twice in this checklist; give each item its own id')
        seen.add(item_id)
        shows = fields["shows"].choice(SHOWS, "shows value") if "shows" in fields else None
        items.append(ChecklistItem(item_id, fields["question"].text(), shows))
    return tuple(items)


@lru_cache
def get_checklists() -> Checklists:
    """The checklist file read against the policy in force (its categories)."""
    return load_checklists(DEFAULT_CHECKLISTS_FILE, categories=get_policy().categories)
