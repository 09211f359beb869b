"""Which item of the order the customer means, from a button payload or their own words."""

from __future__ import annotations

import re
from typing import Any

# Words that say nothing about which item: "the jeans from order A1001 are too small".
NOT_ITEM_WORDS = frozenset(
    """a an and are arrived as at but broken can could for from get got had has have i in is it its just me
    my of on one order please return returning send the them these they this those to too want was were with
    would you""".split()  # noqa: SIM905 - a word list reads better as words
)


def _stems(text: str) -> set[str]:
    """Lower-case words with a plural 's' dropped, so "boot" finds "Chelsea boots"."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words if w not in NOT_ITEM_WORDS}


def match_item(text: str, items: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The item a line number or a name points at; None when nothing or several fit equally."""
    wanted = text.strip().lower()
    by_line = {str(item["line_no"]): item for item in items}
    if wanted in by_line:
        return by_line[wanted]
    return mentioned_item(text, items)


def mentioned_item(text: str, items: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The one item whose name shares the most words with the text, if exactly one does."""
    words = _stems(text)
    scored = sorted(((len(words & _stems(f"{i['name']} {i['sku']}")), n) for n, i in enumerate(items)), reverse=True)
    if not scored or scored[0][0] == 0 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return items[scored[0][1]]
