"""All tables in one place: one metadata for Alembic."""

from .base import Base, utcnow
from .escalation import Escalation
from .evidence import CatalogueImageHash, Evidence
from .idempotency import IdempotencyRecord
from .ledger import AuditEvent, LedgerEntry
from .order import Customer, Order, OrderLine, Product
from .rate_limit import RateLimitCounter
from .rma import Rma, RmaEvent, RmaLine
from .verification import VerificationAttempt

__all__ = [
    "AuditEvent",
    "Base",
    "CatalogueImageHash",
    "Customer",
    "Escalation",
    "Evidence",
    "IdempotencyRecord",
    "LedgerEntry",
    "Order",
    "OrderLine",
    "Product",
    "RateLimitCounter",
    "Rma",
    "RmaEvent",
    "RmaLine",
    "VerificationAttempt",
    "utcnow",
]
