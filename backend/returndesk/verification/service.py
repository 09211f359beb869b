"""Checking order ownership without telling a guesser anything.

"No such order" and "details don't match" get the same answer, and failed attempts are counted
so that guessing stops the guesser, not the owner: a few per order from one client (an address,
or a conversation the assistant relays), more per client across orders, and a ceiling per order
from everyone that is high enough for the owner to get in from their own device while a stranger
is locked out of theirs. Attempts are stored in the database so the limits hold across replicas.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import Session

from ..config import Settings
from ..errors import InvalidInput, TooManyRequests
from ..models import Order, VerificationAttempt, utcnow
from ..models.rma_number import InvalidRmaNumber, parse_rma_number
from ..order import repository as orders
from . import repository
from .schemas import VerificationIn

# Phone numbers are compared on their last digits so "+49 40 123..." and "040 123..." agree.
PHONE_DIGITS_COMPARED = 9


class TooManyAttempts(TooManyRequests):
    pass


@dataclass(frozen=True)
class VerificationResult:
    order: Order | None  # None: not verified (for whatever reason; the caller must not say which)


def verify_order(session: Session, settings: Settings, data: VerificationIn, client_key: str) -> VerificationResult:
    """Check the details and record the attempt. Only flushes; the attempt is kept either way."""
    number = data.order_number or _order_of_rma(session, data.rma_number or "")
    _refuse_if_rate_limited(session, settings, number, client_key)
    order = orders.get_order(session, number)
    matched = order is not None and _details_match(order, data)
    session.add(VerificationAttempt(order_number=number, client_key=client_key, succeeded=matched))
    session.flush()
    return VerificationResult(order=order if matched else None)


def _order_of_rma(session: Session, typed: str) -> str:
    """The order behind an RMA number; an unknown one still counts as an attempt against it.

    A malformed number is refused outright: the check symbol is public arithmetic, so saying
    "mistyped" reveals nothing, and it saves the customer an attempt.
    """
    try:
        canonical = parse_rma_number(typed)
    except InvalidRmaNumber as error:
        raise InvalidInput(str(error)) from None
    number = orders.order_number_of_rma(session, canonical)
    return number or f"RMA:{canonical}"


def _details_match(order: Order, data: VerificationIn) -> bool:
    customer = order.customer
    if data.email is not None and customer.email == data.email.lower():
        return True
    if data.phone is not None and customer.phone:
        return data.phone[-PHONE_DIGITS_COMPARED:] == customer.phone[-PHONE_DIGITS_COMPARED:]
    return False


def _refuse_if_rate_limited(session: Session, settings: Settings, number: str, client_key: str) -> None:
    window = timedelta(minutes=settings.verification_attempt_window_minutes)
    since = utcnow() - window
    # (order, client, limit): None counts every order or every client.
    limits: tuple[tuple[str | None, str | None, int], ...] = (
        (number, client_key, settings.verification_max_attempts_per_order_and_client),
        (None, client_key, settings.verification_max_attempts_per_client),
        (number, None, settings.verification_max_attempts_per_order),
    )
    if any(
        repository.failed_attempts(session, since=since, order_number=order, client_key=client) >= limit
        for order, client, limit in limits
    ):
        minutes = settings.verification_attempt_window_minutes
        raise TooManyAttempts(
            f"too many unsuccessful attempts; please wait {minutes} minutes and try again, or ask for a person",
            retry_after_seconds=int(window.total_seconds()),
        )
