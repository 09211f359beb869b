"""All tables in one place: one metadata for Alembic."""

from .base import Base, utcnow
from .idempotency import IdempotencyRecord
from .order import Customer, Order, OrderLine, Product
from .rma import Rma, RmaEvent, RmaLine
from .verification import VerificationAttempt

__all__ = [
    "Base",
    "Customer",
    "IdempotencyRecord",
    "Order",
    "OrderLine",
    "Product",
    "Rma",
    "RmaEvent",
    "RmaLine",
    "VerificationAttempt",
    "utcnow",
]
