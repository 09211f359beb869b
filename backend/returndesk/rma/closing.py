"""Closing a return: the last step, once nothing about it is still on its way.

A resolved return closes by itself when its money has arrived and the customer has been told:
every refund payment of it settled (an exchange's price difference included) and no
notification of it still waiting in the outbox. The notification worker runs a closing pass after
each round, because the "refunded" or "exchange shipped" message is usually the last thing to
happen; ``python -m returndesk.rma.closing --once`` runs one pass alone.

A person can close a resolved return by hand (``POST /returns/{rma}/close``) when a message can
never be delivered (a bounced address); money still on its way is never left behind by closing:
a return with a pending refund payment is refused.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends
from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from .. import audit
from ..db import DbSession, transaction
from ..errors import Conflict
from ..models import Rma, StaffUser
from ..models.notification import NotificationOutbox
from ..models.payment import RefundPayment
from ..models.rma_number import format_rma_number
from ..staff.auth import require_role
from .dependencies import find_rma
from .lifecycle import RmaStatus, TransitionNotAllowed, set_status

log = logging.getLogger(__name__)

CLOSER = "system:closing"
# Statuses that keep a return open: money not yet at the customer, a message not yet sent.
UNFINISHED_PAYMENT = ("pending", "failed")
UNSENT_NOTIFICATION = ("pending",)


class MoneyStillMoving(Conflict):
    title = "Refund still on its way"


def _payment_open():
    return exists().where(RefundPayment.rma_id == Rma.id, RefundPayment.status.in_(UNFINISHED_PAYMENT))


def _notification_open():
    return exists().where(NotificationOutbox.rma_id == Rma.id, NotificationOutbox.status.in_(UNSENT_NOTIFICATION))


def finished_returns(session: Session, *, limit: int = 200) -> list[Rma]:
    """Resolved returns whose refunds all settled and whose notifications all went out."""
    query = (
        select(Rma)
        .where(Rma.status == RmaStatus.RESOLVED.value, ~_payment_open(), ~_notification_open())
        .order_by(Rma.id)
        .limit(limit)
    )
    return list(session.scalars(query))


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
    pending = select(RefundPayment.id).where(RefundPayment.rma_id == rma.id, RefundPayment.status == "pending")
    if session.scalar(pending.limit(1)) is not None:
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


def close_finished(sessions: Callable[[], Session]) -> list[str]:
    """One closing pass; each return in its own transaction, so one conflict stops no other."""
    with transaction(sessions) as session:
        ids = [rma.id for rma in finished_returns(session)]
    closed: list[str] = []
    for rma_id in ids:
        number = None
        try:
            with transaction(sessions) as session:
                rma = session.get(Rma, rma_id)
                if rma is None:
                    continue
                number = rma.number
                close(session, rma, actor=CLOSER, why="Settled and the customer told")
        except Conflict as exc:  # closed by a person or changed meanwhile: nothing to do
            log.info("return %s not closed: %s", number, exc.detail)
            continue
        closed.append(number)
    return closed


router = APIRouter(tags=["returns"])
# The people who settle returns; the warehouse hands a return on, it does not close it.
Closer = Annotated[StaffUser, Depends(require_role("agent", "senior_agent", "supervisor", "admin"))]


@router.post(
    "/returns/{rma_number}/close",
    responses={
        409: {"description": "The return is not resolved, or a refund of it is still on its way"},
    },
)
def close_return(rma_number: str, user: Closer, session: DbSession) -> dict:
    """Close a resolved return by hand (e.g. a notification that can never be delivered).

    Returns closed by the closing pass need no one; this is for the ones it leaves open.
    """
    rma = find_rma(session, rma_number)
    close(session, rma, actor=user.actor, why=f"Closed by {user.display_name or user.username}")
    return {"rma_number": format_rma_number(rma.number), "status": rma.status}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m returndesk.rma.closing", description=__doc__.split("\n")[0])
    parser.add_argument("--once", action="store_true", help="one closing pass, then exit (the default)")
    parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    from ..db import get_sessionmaker

    closed = close_finished(get_sessionmaker())
    log.info("closing pass: %d closed %s", len(closed), " ".join(closed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
