"""All tables in one place: one metadata for Alembic."""

from .approval import ApprovalRequest
from .base import Base, utcnow
from .conversation import ConversationEvent, ConversationEventCursor, ConversationSummary
from .escalation import Escalation, EscalationMessage
from .evidence import CatalogueImageHash, Evidence
from .exchange import ExchangeReservation, ProductVariant
from .idempotency import IdempotencyRecord
from .ledger import AuditEvent, LedgerEntry
from .notification import NotificationOptOut, NotificationOutbox, SmsLogEntry
from .offer import BotOffer
from .order import Customer, Order, OrderLine, Product
from .payment import ExchangeOrder, GatewayRefund, PaymentRequest, RefundPayment, StockLevel
from .rate_limit import RateLimitCounter
from .rma import Rma, RmaEvent, RmaLine
from .shipment import CarrierEvent, Shipment
from .staff import StaffSession, StaffUser
from .verification import VerificationAttempt
from .warehouse import InventoryMovement, QcInspection, WarehouseReceipt, WarehouseReceiptLine
from .webhook import WebhookAttempt, WebhookDelivery, WebhookEndpoint

__all__ = [
    "ApprovalRequest",
    "AuditEvent",
    "Base",
    "BotOffer",
    "CarrierEvent",
    "CatalogueImageHash",
    "ConversationEvent",
    "ConversationEventCursor",
    "ConversationSummary",
    "Customer",
    "Escalation",
    "EscalationMessage",
    "Evidence",
    "ExchangeOrder",
    "ExchangeReservation",
    "GatewayRefund",
    "IdempotencyRecord",
    "InventoryMovement",
    "LedgerEntry",
    "NotificationOptOut",
    "NotificationOutbox",
    "Order",
    "OrderLine",
    "PaymentRequest",
    "Product",
    "ProductVariant",
    "QcInspection",
    "RateLimitCounter",
    "RefundPayment",
    "Rma",
    "RmaEvent",
    "RmaLine",
    "Shipment",
    "SmsLogEntry",
    "StaffSession",
    "StaffUser",
    "StockLevel",
    "VerificationAttempt",
    "WarehouseReceipt",
    "WarehouseReceiptLine",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
    "utcnow",
]
