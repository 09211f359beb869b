"""How a case is shown to an agent: the queue row, and the whole case on one page."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..config import Settings
from ..evidence.signing import signed_path
from ..models import AuditEvent, Escalation, EscalationMessage, StaffUser, utcnow
from . import chat
from .cases import present_user
from .service import OFF_CHAT_CHANNELS


def minutes_left(case: Escalation, now: datetime) -> int | None:
    """Whole minutes until due (negative: overdue by that many)."""
    if case.due_at is None:
        return None
    return math.floor((case.due_at - now).total_seconds() / 60)


def queue_row(case: Escalation, *, position: int | None, assignee: StaffUser | None, now: datetime) -> dict[str, Any]:
    left = minutes_left(case, now)
    customer = case.details.get("customer") or {}
    return {
        "reference": case.reference,
        "status": case.status,
        "mode": case.mode,
        "priority": case.priority,
        "trigger": case.trigger,
        "channel": case.channel,
        "created_at": case.created_at,
        "due_at": case.due_at,
        "minutes_left": left,
        "overdue": left is not None and left < 0,
        "position": position,
        "assignee": present_user(assignee),
        "customer_name": customer.get("name"),
        "order_number": case.order_number,
        "summary": case.summary,
    }


NOT_FOR_THE_WAREHOUSE = "The conversation and the case's timeline are for the customer care team."
# The customer's language as the agent reads it, in English and in its own words.
LANGUAGE_NAMES = {"en": "English", "zh": "Chinese (中文)"}


def language_name(locale: str | None) -> str:
    language = (locale or "en").replace("_", "-").split("-")[0].lower()
    return LANGUAGE_NAMES.get(language, locale or "English")


def case_page(
    session: Session, case: Escalation, *, position: int | None, settings: Settings, desk: bool = True
) -> dict[str, Any]:
    """The case; without `desk` (the warehouse) the summary only: not a word of the chat or the audit trail."""
    now = utcnow()
    assignee = session.get(StaffUser, case.assigned_to_id) if case.assigned_to_id else None
    details = case.details or {}
    page = queue_row(case, position=position, assignee=assignee, now=now)
    page.update(
        conversation_id=case.conversation_id,
        customer=details.get("customer"),
        # Proven in the chat (its order token) or by a return: the agent acts without asking again.
        verified=bool(details.get("verified")),
        customer_email=case.customer_email,
        order=details.get("order"),
        order_not_found=details.get("order_not_found"),
        items=details.get("items", []),
        reason=details.get("reason"),
        rma=_with_language(details.get("rma")),
        decision=details.get("decision"),
        resolution=details.get("resolution"),
        offers=details.get("offers", []),
        evidence=[
            {
                "id": evidence_id,
                "thumbnail_url": signed_path(settings, evidence_id, "thumbnail"),
                "file_url": signed_path(settings, evidence_id, "file"),
            }
            for evidence_id in details.get("evidence_ids", [])
        ],
        recommendation=case.recommendation,
        locale=case.locale,
        language=language_name(case.locale),
        taken_at=case.taken_at,
        closed_at=case.closed_at,
    )
    if not desk:
        page.update(conversation_id=None, messages=[], timeline=[], transcript=[])
        page["transcript_unavailable"] = NOT_FOR_THE_WAREHOUSE
        return page
    page.update(
        messages=[present_message(m) for m in messages_of(session, case)],
        timeline=[present_event(e) for e in timeline_of(session, case)],
    )
    page["transcript"], page["transcript_unavailable"] = transcript_of(case)
    return page


def _with_language(rma: dict[str, Any] | None) -> dict[str, Any] | None:
    # Cases stored before returns carried their locale in the details have none to show.
    if rma is None or "locale" not in rma:
        return rma
    return rma | {"language": language_name(rma["locale"])}


def transcript_of(case: Escalation, *, after: float | None = None) -> tuple[list[dict[str, Any]], str | None]:
    if case.channel in OFF_CHAT_CHANNELS:
        return [], None  # opened by an agent for a customer who phoned or emailed: no chat exists
    try:
        lines = chat.transcript(case.conversation_id, after=after)
    except chat.ChatDown as down:
        # down.detail reads "the chat could not be reached, so the transcript is not available right now"
        return [], f"{down.detail[:1].upper()}{down.detail[1:]}; the summary above is complete."
    return [
        {"timestamp": line.timestamp, "speaker": line.speaker, "text": line.text, "agent_name": line.agent_name}
        for line in lines
    ], None


def messages_of(session: Session, case: Escalation, *, after: float | None = None) -> list[EscalationMessage]:
    query = select(EscalationMessage).where(EscalationMessage.escalation_id == case.id)
    if after is not None:
        query = query.where(EscalationMessage.created_at > datetime.fromtimestamp(after, tz=utcnow().tzinfo))
    return list(session.scalars(query.order_by(EscalationMessage.id)))


def present_message(message: EscalationMessage) -> dict[str, Any]:
    return {
        "id": message.id,
        "direction": message.direction,
        "channel": message.channel,
        "author": message.author,
        "text": message.body,
        "created_at": message.created_at,
        "delivered_at": message.delivered_at,
        "delivered": message.delivered_at is not None,
    }


def timeline_of(session: Session, case: Escalation) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.escalation_id == case.id).order_by(AuditEvent.id)))


def present_event(event: AuditEvent) -> dict[str, Any]:
    return {
        "at": event.created_at,
        "kind": event.kind,
        "actor": event.actor,
        "role": event.role,
        "description": event.description,
    }
