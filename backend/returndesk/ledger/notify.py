"""Telling the customer in their chat that money is on its way, best effort.

Called after the movement is committed: the chat is a network call to Rasa, and a slow or absent
Rasa must neither hold the database's locks nor undo a refund. Whether the message got through
is itself an audit event, so the timeline shows the customer was (or was not) told.
"""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from .. import audit
from ..models import Escalation

log = logging.getLogger(__name__)


def tell_customer(
    session: Session,
    case: Escalation | None,
    text: str,
    *,
    agent_name: str,
    actor: str,
    role: str | None,
    order_id: int | None,
    ledger_entry_id: int | None,
) -> bool | None:
    """Say `text` in the case's chat; None when there is no chat to say it in. Only flushes."""
    if case is None or not case.conversation_id:
        return None
    delivered, error = _say(case.conversation_id, text, agent_name)
    audit.record(
        session,
        audit.Kind.CUSTOMER_NOTIFIED if delivered else audit.Kind.CUSTOMER_NOT_NOTIFIED,
        actor=actor,
        role=role,
        order_id=order_id,
        ledger_entry_id=ledger_entry_id,
        escalation_id=case.id,
        description=(
            f"Told the customer in the chat: {text}"
            if delivered
            else f"Could not reach the chat ({error}); tell the customer yourself: {text}"
        ),
        data={"conversation_id": case.conversation_id, "text": text, "delivered": delivered, "error": error},
    )
    return delivered


def _say(conversation_id: str, text: str, agent_name: str) -> tuple[bool, str | None]:
    try:
        from ..handoff import rasa
    except ImportError:  # the chat bridge is not part of this deployment
        return False, "the chat bridge is not installed"
    try:
        rasa.say(conversation_id, text, agent_name=agent_name)
    except rasa.ChatUnreachable as error:
        log.warning("could not tell conversation %s about a money movement: %s", conversation_id, error)
        return False, str(error) or "the chat server did not answer"
    return True, None
