"""Load-or-404 for the refund payment named in the path."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from ..db import DbSession
from ..errors import NotFound
from ..models.payment import RefundPayment
from . import repository


def get_payment(payment_id: int, session: DbSession) -> RefundPayment:
    payment = repository.payment(session, payment_id)
    if payment is None:
        raise NotFound(f"there is no payment {payment_id}; see GET /api/v1/payments/overdue for failed ones")
    return payment


# Declare it after the caller's role check, so a stranger learns nothing about which ids exist.
CurrentPayment = Annotated[RefundPayment, Depends(get_payment)]
