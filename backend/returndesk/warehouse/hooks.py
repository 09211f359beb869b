"""What the rest of the desk hears from the warehouse: the customer's notifications and the
shop's webhooks.

Written to the outboxes in the same transaction as the status change, so a receipt that commits
is always announced and one that rolls back never is.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ..models import Rma
from ..notification.service import enqueue
from ..webhooks import Event, emit
from ..webhooks.payloads import return_data


def after_received(session: Session, rma: Rma) -> None:
    enqueue(session, "received", rma)
    emit(session, Event.RETURN_RECEIVED, return_data(rma))


def after_inspected(session: Session, rma: Rma, *, flagged: bool, grades: list[dict[str, Any]]) -> None:
    next_step = (
        "a member of our team reviews the findings and will contact you before anything is settled."
        if flagged
        else "we settle your return as you asked; you will hear from us when it is done."
    )
    enqueue(session, "inspected", rma, next_step=next_step)
    emit(session, Event.RETURN_GRADED, return_data(rma, grades=grades, flagged=flagged))
