"""The rows a generated chunk holds, table by table, and the ids they are given up front.

Ids are assigned here rather than by the database so a whole chunk (orders, their lines, returns,
events, ledger entries...) is built in memory with its foreign keys and written in one pass per
table. The tables are listed parent first: that is the order they are written in.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

COLUMNS: dict[str, tuple[str, ...]] = {
    "customers": ("id", "email", "phone", "name", "tier", "created_at"),
    "orders": (
        "id", "number", "customer_id", "placed_at", "delivered_at", "payment_method", "currency",
        "shipping_paid_minor", "carrier", "ships_from", "shipping_address", "created_at", "updated_at",
    ),
    "order_lines": (
        "id", "order_id", "line_no", "sku", "name", "category", "quantity", "unit_price_minor", "final_sale",
        "tags", "refunded_minor",
    ),
    "rmas": (
        "id", "number", "order_id", "status", "channel", "conversation_id", "locale", "preferred_resolution",
        "currency", "refund_estimate_minor", "return_by", "policy_version", "decision", "facts", "evidence_ids",
        "qc_mismatch", "created_at", "updated_at",
    ),
    "rma_lines": ("id", "rma_id", "order_line_id", "quantity", "reason", "note"),
    "rma_events": ("id", "rma_id", "at", "actor", "from_status", "to_status", "description"),
    "warehouse_receipts": ("id", "rma_id", "received_by", "partial", "created_at"),
    "warehouse_receipt_lines": ("id", "receipt_id", "rma_line_id", "quantity_expected", "quantity_received"),
    "qc_inspections": (
        "id", "rma_id", "rma_line_id", "grade", "disposition", "checklist", "notes", "evidence_ids", "mismatch",
        "inspected_by", "created_at",
    ),
    "inventory_movements": (
        "id", "rma_id", "rma_line_id", "sku", "quantity", "grade", "disposition", "actor", "created_at",
    ),
    "ledger_entries": (
        "id", "idempotency_key", "request_hash", "kind", "order_id", "order_line_id", "rma_id", "amount_minor",
        "currency", "actor", "role", "created_at", "escalation_id",
    ),
    "refund_payments": (
        "id", "rma_id", "order_id", "ledger_entry_id", "idempotency_key", "purpose", "provider",
        "payment_reference", "provider_refund_id", "amount_minor", "currency", "status", "attempts",
        "next_attempt_at", "last_error", "due_at", "actor", "created_at", "settled_at",
    ),
    "bot_offers": (
        "id", "conversation_id", "order_id", "order_line_id", "reason", "quantity", "rung", "kind", "amount_minor",
        "currency", "return_cost_minor", "status", "ledger_entry_id", "created_at", "answered_at",
    ),
}  # fmt: skip
TABLES = tuple(COLUMNS)
JSON_COLUMNS = {("orders", "shipping_address"), ("order_lines", "tags"), ("rmas", "decision"), ("rmas", "facts"),
                ("rmas", "evidence_ids"),
                ("qc_inspections", "checklist"), ("qc_inspections", "evidence_ids")}  # fmt: skip


class Ids:
    """The next free id per table, starting after what the database already holds."""

    def __init__(self, start: dict[str, int]) -> None:
        self._next = dict(start)

    def take(self, table: str) -> int:
        value = self._next[table]
        self._next[table] = value + 1
        return value


class Rows:
    """Rows of one chunk, as tuples in `COLUMNS` order."""

    def __init__(self) -> None:
        self.by_table: dict[str, list[tuple[Any, ...]]] = defaultdict(list)

    def add(self, table: str, *values: Any) -> None:
        self.by_table[table].append(values)

    def count(self, table: str) -> int:
        return len(self.by_table.get(table, ()))
