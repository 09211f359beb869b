"""Stock per SKU, as demo/seed.py (not yet converted) imports it; the queries are in repository.py."""

from __future__ import annotations

from .repository import on_hand, set_on_hand, take

__all__ = ["on_hand", "set_on_hand", "take"]
