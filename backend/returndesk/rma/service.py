"""Ending a return: a customer cancelling it before the parcel ships, and closing it once
nothing about it is still on its way.

Cancelling: the lifecycle allows ``cancelled`` from every status before receipt, but a customer may only
cancel while nothing has left their hands: requested, waiting for review, or approved. Once the
parcel is with the carrier the return goes on (it is refunded when it arrives), so the refusal
says that in the reader's language. Cancelling twice is answered with the return as it is: the
assistant may retry a call whose answer it never got.

Closing: a resolved return closes by itself when its money has arrived and the customer has been
told (tasks.py), or by hand (``POST /returns/{rma}/close``) when a message can never be delivered
(a bounced address); money still on its way is never left behind by closing: a return with a
pending refund payment is refused.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from .. import audit
from ..errors import Conflict
from ..kit.language import say_in
from ..models import Rma
from ..models.rma_number import format_rma_number
from . import repository
from .lifecycle import RmaStatus, StatusChanged, TransitionNotAllowed, set_status

S = RmaStatus
CUSTOMER_MAY_CANCEL = (S.REQUESTED, S.PENDING_REVIEW, S.APPROVED)
# Why each later status can no longer be cancelled by the customer: the catalogue's key.
REFUSAL_KEY = {
    S.IN_TRANSIT: "on_its_way",
    S.RECEIVED: "arrived",
    S.INSPECTED: "arrived",
    S.RESOLVED: "settled",
    S.CLOSED: "settled",
    S.REJECTED: "rejected",
}
# The timeline entry, in English like every other event description (the console reads it).
CANCELLED_WHY = "Cancelled by the customer before sending the parcel"

# One catalogue per locale with the same keys and placeholders (tests/rma/test_cancel.py).
CATALOGUE: dict[str, dict[str, str]] = {
    "en": {
        "on_its_way": "Return {rma} is already on its way to us, so it can no longer be cancelled; "
        "when it arrives it will be refunded as agreed.",
        "arrived": "Return {rma} has already arrived at our warehouse, so it can no longer be cancelled; "
        "it will be refunded as agreed once it has been checked.",
        "settled": "Return {rma} is already settled, so there is nothing left to cancel.",
        "rejected": "Return {rma} was not accepted, so there is nothing to cancel: you keep the item.",
    },
    "zh": {
        "on_its_way": "退货 {rma} 的包裹已在寄回途中，无法再取消；我们收到后会按约定为您退款。",
        "arrived": "退货 {rma} 的包裹已到达我们的仓库，无法再取消；检验完成后会按约定为您退款。",
        "settled": "退货 {rma} 已经处理完毕，没有可以取消的内容。",
        "rejected": "退货 {rma} 未被受理，因此无需取消：商品您可以自己留着。",
    },
}


class CancelNotPossible(Conflict):
    title = "Return can no longer be cancelled"


class MoneyStillMoving(Conflict):
    title = "Refund still on its way"


def say(locale: str | None, key: str, **values: object) -> str:
    return say_in(CATALOGUE, locale, key, **values)


def cancel_by_customer(session: Session, rma: Rma, *, locale: str | None, actor: str = "customer") -> Rma:
    """Cancel `rma` if it has not shipped; a cancelled one is returned as it is. Only flushes."""
    # An agent may approve a return under review while its customer cancels: the guarded update
    # then loses once, and the return, now approved, can still be cancelled. Decide again.
    for _ in range(3):
        status = RmaStatus(rma.status)
        if status is S.CANCELLED:
            return rma
        if status not in CUSTOMER_MAY_CANCEL:
            raise CancelNotPossible(say(locale, REFUSAL_KEY[status], rma=format_rma_number(rma.number)))
        try:
            set_status(session, rma, expected=status, to=S.CANCELLED, actor=actor, why=CANCELLED_WHY)
        except StatusChanged:
            continue  # set_status reloaded the status
        return rma
    raise StatusChanged(f"return {format_rma_number(rma.number)} keeps changing; reload it and try again")


def close(session: Session, rma: Rma, *, actor: str, why: str) -> None:
    """resolved -> closed, audited. Only flushes; a pending refund payment refuses it."""
    shown = format_rma_number(rma.number)
    if rma.status == RmaStatus.CLOSED.value:
        raise TransitionNotAllowed(f"return {shown} is already closed")
    if rma.status != RmaStatus.RESOLVED.value:
        raise TransitionNotAllowed(
            f"return {shown} is {rma.status.replace('_', ' ')}; it can be closed once it is resolved "
            "(refunded, exchanged or kept by the customer)"
        )
    if repository.has_pending_refund(session, rma.id):
        raise MoneyStillMoving(
            f"return {shown} still has a refund on its way to the customer; "
            "close it once the refund has settled (see its payments)"
        )
    set_status(session, rma, expected=RmaStatus.RESOLVED, to=RmaStatus.CLOSED, actor=actor, why=why)
    audit.record(
        session,
        audit.Kind.RMA_CLOSED,
        actor=actor,
        order_id=rma.order_id,
        rma_id=rma.id,
        description=f"return {format_rma_number(rma.number)} closed: {why}",
        data={"rma_number": rma.number},
    )
