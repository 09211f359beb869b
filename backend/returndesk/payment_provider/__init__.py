"""The payment-provider edge: a small base class, and a local gateway that behaves like a real one.

A real card refund is asynchronous: the provider accepts it (pending) and settles or fails it
later; a retried request with the same idempotency key returns the refund it already made, even
when the first answer was lost to a timeout. `LocalGateway` does all of that against its own table
(gateway_refunds), so it survives restarts, and fails on purpose for the payment references it is
given in `failures` (like a real provider's test cards):

- ``card_expired``: accepted, then failed at settlement (a card that expired since the purchase);
- ``timeout``: the first request records the refund but its answer is lost, so the caller must
  retry with the same key to learn its id (the lost-answer case idempotency keys exist for).
"""

from __future__ import annotations

from .base import IdempotencyKeyReused, PaymentProvider, ProviderRefund, ProviderUnavailable
from .local import CARD_EXPIRED, FAILED, PENDING, SETTLED, TIMEOUT, LocalGateway

__all__ = [
    "CARD_EXPIRED",
    "FAILED",
    "PENDING",
    "SETTLED",
    "TIMEOUT",
    "IdempotencyKeyReused",
    "LocalGateway",
    "PaymentProvider",
    "ProviderRefund",
    "ProviderUnavailable",
    "get_payment_provider",
    "use_payment_provider",
]

_provider: PaymentProvider | None = None


def get_payment_provider() -> PaymentProvider:
    """The configured provider; the local gateway unless something else was installed."""
    global _provider
    if _provider is None:
        from ..db import get_sessionmaker

        _provider = LocalGateway(get_sessionmaker())
    return _provider


def use_payment_provider(provider: PaymentProvider | None) -> None:
    """Install another provider (a real one at start-up, or a test's gateway with its own clock)."""
    global _provider
    _provider = provider
