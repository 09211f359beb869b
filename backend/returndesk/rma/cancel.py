"""A customer cancelling their own return before the parcel ships.

The lifecycle allows ``cancelled`` from every status before receipt, but a customer may only
cancel while nothing has left their hands: requested, waiting for review, or approved. Once the
parcel is with the carrier the return goes on (it is refunded when it arrives), so the refusal
says that in the reader's language. Cancelling twice is answered with the return as it is: the
assistant may retry a call whose answer it never got.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..errors import Conflict
from ..kit.language import say_in
from ..models import Rma
from ..models.rma_number import format_rma_number
from .lifecycle import RmaStatus, StatusChanged, set_status

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
