"""What the service asks of a payment provider, and what it answers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ProviderRefund:
    id: str
    status: str  # pending | settled | failed
    failure_reason: str | None = None


class ProviderUnavailable(Exception):
    """A transient failure (timeout, 5xx): try again later with the same idempotency key."""


class IdempotencyKeyReused(Exception):
    """The key was used for another amount or card: a bug on our side, never retried."""


class PaymentProvider:
    """Refund money to the payment method an order was paid with."""

    name = "base"

    def refund(self, idempotency_key: str, payment_reference: str, amount_minor: int, currency: str) -> ProviderRefund:
        raise NotImplementedError

    def status(self, refund_id: str) -> ProviderRefund:
        raise NotImplementedError
