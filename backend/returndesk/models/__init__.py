"""All tables in one place: one metadata for Alembic."""

from .approval import ApprovalRequest
from .base import Base, utcnow
from .escalation import Escalation, EscalationMessage
from .evidence import CatalogueImageHash, Evidence
from .idempotency import IdempotencyRecord
from .ledger import AuditEvent, LedgerEntry
from .offer import BotOffer
from .order import Customer, Order, OrderLine, Product
from .rate_limit import RateLimitCounter
from .rma import Rma, RmaEvent, RmaLine
from .staff import StaffSession, StaffUser
from .verification import VerificationAttempt

__all__ = [
    "ApprovalRequest",
    "AuditEvent",
    "Base",
    "BotOffer",
    "CatalogueImageHash",
    "Customer",
    "Escalation",
    "EscalationMessage",
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
    "StaffSession",
    "StaffUser",
    "VerificationAttempt",
    "utcnow",
]
