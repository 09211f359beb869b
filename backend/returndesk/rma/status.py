"""A return's statuses, which may follow which, and which give its items back to the order."""

from __future__ import annotations

from enum import StrEnum


class RmaStatus(StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"
    PENDING_REVIEW = "pending_review"
    REJECTED = "rejected"
    IN_TRANSIT = "in_transit"
    RECEIVED = "received"
    INSPECTED = "inspected"
    RESOLVED = "resolved"
    CLOSED = "closed"
    CANCELLED = "cancelled"


S = RmaStatus
ALLOWED_TRANSITIONS: dict[RmaStatus, frozenset[RmaStatus]] = {
    S.REQUESTED: frozenset({S.APPROVED, S.PENDING_REVIEW, S.REJECTED, S.CANCELLED}),
    S.PENDING_REVIEW: frozenset({S.APPROVED, S.REJECTED, S.CANCELLED}),
    # approved -> resolved is the returnless path: the customer keeps the item.
    S.APPROVED: frozenset({S.IN_TRANSIT, S.RECEIVED, S.RESOLVED, S.CANCELLED}),
    S.IN_TRANSIT: frozenset({S.RECEIVED, S.CANCELLED}),
    S.RECEIVED: frozenset({S.INSPECTED}),
    S.INSPECTED: frozenset({S.RESOLVED}),
    S.RESOLVED: frozenset({S.CLOSED}),
    S.REJECTED: frozenset(),
    S.CLOSED: frozenset(),
    S.CANCELLED: frozenset(),
}

# Statuses whose items no longer count against what is still returnable on the order.
RELEASES_ITEMS = frozenset({S.REJECTED, S.CANCELLED})
