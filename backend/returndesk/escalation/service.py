"""Opening an escalation. One open case per conversation: asking twice does not queue twice."""

from __future__ import annotations

import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..errors import InvalidInput
from ..models import Escalation
from ..rma.numbers import ALPHABET, InvalidRmaNumber, parse_rma_number
from .schemas import EscalationIn

OPEN = "open"
# Until staffed hours and live handoff exist (a later step), every case is answered by email.
NEXT_STEPS = (
    "A member of our customer care team will pick up your case and reply by email, usually "
    "within one working day. Keep your reference {reference} handy."
)


def open_escalation(session: Session, data: EscalationIn) -> tuple[Escalation, int]:
    """The conversation's open case (new or existing) and how many open cases are ahead of it."""
    existing = session.scalars(
        select(Escalation).where(Escalation.conversation_id == data.conversation_id, Escalation.status == OPEN)
    ).first()
    case = existing or Escalation(
        reference="ESC-" + "".join(secrets.choice(ALPHABET) for _ in range(8)),
        status=OPEN,
        conversation_id=data.conversation_id,
        channel=data.channel,
        trigger=data.trigger,
        order_number=data.order_number,
        rma_number=_canonical_rma(data.rma_number),
        summary=data.summary,
    )
    session.add(case)
    session.flush()
    ahead = session.scalar(select(func.count(Escalation.id)).where(Escalation.status == OPEN, Escalation.id < case.id))
    return case, ahead or 0


def next_steps(case: Escalation) -> str:
    return NEXT_STEPS.format(reference=case.reference)


def _canonical_rma(typed: str | None) -> str | None:
    if not typed:
        return None
    try:
        return parse_rma_number(typed)
    except InvalidRmaNumber as error:
        raise InvalidInput(str(error)) from None
