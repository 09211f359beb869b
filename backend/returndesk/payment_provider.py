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

import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from .db import transaction
from .models import utcnow
from .models.payment import GatewayRefund

SETTLED, PENDING, FAILED = "settled", "pending", "failed"
CARD_EXPIRED, TIMEOUT = "card_expired", "timeout"  # the failures the local gateway can be told to make


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


class LocalGateway(PaymentProvider):
    name = "local"

    def __init__(
        self,
        sessions: Callable[[], Session] | sessionmaker[Session],
        *,
        settle_after: timedelta = timedelta(seconds=30),
        clock: Callable[[], datetime] = utcnow,
        failures: Mapping[str, str] | None = None,
    ) -> None:
        self.sessions = sessions
        self.failures = dict(failures or {})
        self.settle_after = settle_after
        self.clock = clock

    def refund(self, idempotency_key: str, payment_reference: str, amount_minor: int, currency: str) -> ProviderRefund:
        try:
            with transaction(self.sessions) as session:
                made = self._by_key(session, idempotency_key) is None
                if made:
                    session.add(
                        GatewayRefund(
                            id=f"lgr_{secrets.token_hex(10)}",
                            idempotency_key=idempotency_key,
                            payment_reference=payment_reference,
                            amount_minor=amount_minor,
                            currency=currency,
                            status=PENDING,
                            settles_at=self.clock() + self.settle_after,
                        )
                    )
        except IntegrityError:  # the same key at the same moment: theirs is ours
            made = False
        if made and self.failures.get(payment_reference) == TIMEOUT:
            raise ProviderUnavailable("the payment gateway timed out; the refund may have been made")
        with transaction(self.sessions) as session:
            found = self._by_key(session, idempotency_key)
            assert found is not None
            if (found.payment_reference, found.amount_minor, found.currency) != (
                payment_reference,
                amount_minor,
                currency,
            ):
                raise IdempotencyKeyReused(f"idempotency key {idempotency_key} was used for another refund")
            return self._advance(session, found)

    def status(self, refund_id: str) -> ProviderRefund:
        with transaction(self.sessions) as session:
            found = session.get(GatewayRefund, refund_id)
            if found is None:
                raise LookupError(f"the gateway has no refund {refund_id}")
            return self._advance(session, found)

    def _advance(self, session: Session, found: GatewayRefund) -> ProviderRefund:
        """Settle (or fail) a pending refund once its time has come; then answer its state.
        The caller's unit of work commits the change."""
        if found.status == PENDING and self.clock() >= found.settles_at:
            if self.failures.get(found.payment_reference) == CARD_EXPIRED:
                found.status, found.failure_reason = FAILED, CARD_EXPIRED
            else:
                found.status = SETTLED
        return ProviderRefund(found.id, found.status, found.failure_reason)

    @staticmethod
    def _by_key(session: Session, key: str) -> GatewayRefund | None:
        return session.scalars(select(GatewayRefund).where(GatewayRefund.idempotency_key == key)).one_or_none()


_provider: PaymentProvider | None = None


def get_payment_provider() -> PaymentProvider:
    """The configured provider; the local gateway unless something else was installed."""
    global _provider
    if _provider is None:
        from .db import get_sessionmaker

        _provider = LocalGateway(get_sessionmaker())
    return _provider


def use_payment_provider(provider: PaymentProvider | None) -> None:
    """Install another provider (a real one at start-up, or a test's gateway with its own clock)."""
    global _provider
    _provider = provider
