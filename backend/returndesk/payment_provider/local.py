"""The local gateway: a provider that keeps its refunds in its own table (gateway_refunds).

It settles a refund `settle_after` its request, and fails on purpose for the payment references
it is given in `failures`, like a real provider's test cards.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from ..db import transaction
from ..models import utcnow
from ..models.payment import GatewayRefund
from . import repository
from .base import IdempotencyKeyReused, PaymentProvider, ProviderRefund, ProviderUnavailable

SETTLED, PENDING, FAILED = "settled", "pending", "failed"
CARD_EXPIRED, TIMEOUT = "card_expired", "timeout"  # the failures the local gateway can be told to make


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
                made = repository.refund_by_key(session, idempotency_key) is None
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
            found = repository.refund_by_key(session, idempotency_key)
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
            found = repository.refund_by_id(session, refund_id)
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
