"""What an agent does with a case: take it, write to the customer, hand back, close, decide the
return, add notes. Each step is an audit event with the case's id and a sentence: the timeline.

Chat calls happen inside the request's transaction: when one must not half-happen (handing back
to a bot that cannot be resumed) its failure rolls the step back; when it is best effort (telling
the customer about a decision) the step stands and the answer says what did not reach them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import audit as audit_log
from ..authority import AuthorityMatrix, Refused, check
from ..errors import Conflict, Forbidden, NotFound
from ..label.notify import label_url_for
from ..mail import Mail, MailNotSent, get_mail_sender
from ..models import AuditEvent, Escalation, EscalationMessage, StaffUser, utcnow
from ..models.rma_number import format_rma_number
from ..notification import enqueue as notify
from ..rma import repository as rmas
from ..rma.lifecycle import RmaStatus, set_status
from ..webhooks import Event, emit
from ..webhooks.payloads import return_data
from . import chat
from .status import CaseStatus, set_case_status

OVERSEERS = frozenset({"supervisor", "admin"})  # may act on a case someone else has
# What the customer reads when a person joins or leaves, in the conversation's language.
# to the catalogue
ANNOUNCEMENTS = {
    "en": {
        "joined": "{name} from customer care has joined the chat.",
        "back": "You're back with the ReturnDesk assistant. Ask me anything about your return.",
        "closed": "Our team has closed this conversation. The assistant is here again if you need anything else.",
    },
    "zh": {
        "joined": "客服{name}已加入对话。",
        "back": "您已回到 ReturnDesk 智能助手。关于退货的任何问题都可以问我。",
        "closed": "客服已结束本次对话。如还有其他需要，智能助手随时为您服务。",
    },
}


def announcement(conversation_id: str, key: str, **values: str) -> str:
    return ANNOUNCEMENTS[chat.language(conversation_id)][key].format(**values)


class CaseNotFound(NotFound):
    title = "Case not found"


class NotYourCase(Forbidden):
    title = "Someone else has this case"


class CaseBeyondAuthority(Forbidden):
    title = "Beyond your authority"


class NothingToDecide(Conflict):
    title = "No return waiting on this case"


@dataclass(frozen=True)
class Outcome:
    """A step that happened; `notice` says what did not reach the customer, if anything."""

    case: Escalation
    notice: str | None = None


def load_case(session: Session, reference: str) -> Escalation:
    case = session.scalars(select(Escalation).where(Escalation.reference == reference.strip().upper())).first()
    if case is None:
        raise CaseNotFound(f"there is no case {reference}; check the reference (it looks like ESC-ABCD2345)")
    return case


def first_name(user: StaffUser) -> str:
    return (user.display_name or user.username).split()[0]


def take(session: Session, case: Escalation, user: StaffUser) -> Outcome:
    """Guarded: two agents taking at once get one winner; the other hears who has it."""
    set_case_status(
        session, case, expected=CaseStatus.OPEN, to=CaseStatus.LIVE, assigned_to_id=user.id, taken_at=utcnow()
    )
    notice = None
    if case.mode == "live":
        name = first_name(user)
        try:
            joined = announcement(case.conversation_id, "joined", name=name)
            chat.pause(case.conversation_id, announce=joined, handler=name)
        except chat.ChatDown as down:
            notice = f"You have the case, but {down.detail}: the customer has not been told you joined."
    audit(session, case, user, audit_log.Kind.CASE_TAKEN, f"{user.display_name} took case {case.reference}")
    return Outcome(case, notice)


def send_message(
    session: Session, case: Escalation, user: StaffUser, text: str
) -> tuple[EscalationMessage, str | None]:
    """Live: into the chat; email ticket: by email. Kept either way; an undelivered one says why."""
    ensure_handler(session, case, user)
    message = EscalationMessage(
        escalation_id=case.id,
        direction="to_customer",
        channel="email" if case.mode == "email" else "chat",
        author=user.actor,
        body=text,
        attempts=1,
    )
    session.add(message)
    why_not = _deliver(case, user, text)
    if why_not is None:
        message.delivered_at = utcnow()
    session.flush()
    where = "by email" if case.mode == "email" else "in the chat"
    said = f"{user.display_name} wrote to the customer {where}" + ("" if why_not is None else " (not delivered)")
    audit(
        session, case, user, audit_log.Kind.CASE_MESSAGE, said, {"message_id": message.id, "delivered": why_not is None}
    )
    return message, why_not


def _deliver(case: Escalation, user: StaffUser, text: str) -> str | None:
    if case.mode == "email":
        if not case.customer_email:
            return "no email address is known for this customer"
        subject = f"Your ReturnDesk case {case.reference}"
        body = f"{text}\n\n{user.display_name}, ReturnDesk customer care\nReference: {case.reference}\n"
        try:
            get_mail_sender().send(Mail(to=case.customer_email, subject=subject, body=body))
        except MailNotSent as failure:
            return str(failure)
        return None
    try:
        chat.say(case.conversation_id, text, agent_name=first_name(user))
    except chat.ChatDown as down:
        return down.detail
    return None


def hand_back(session: Session, case: Escalation, user: StaffUser) -> Outcome:
    ensure_handler(session, case, user)
    if case.mode == "email":
        raise Conflict(f"case {case.reference} is an email ticket: there is no chat to hand back; close it instead")
    set_case_status(session, case, expected=CaseStatus.LIVE, to=CaseStatus.HANDED_BACK)
    # must work, or the step is undone
    chat.resume(case.conversation_id, announce=announcement(case.conversation_id, "back"))
    audit(
        session,
        case,
        user,
        audit_log.Kind.CASE_HANDED_BACK,
        f"{user.display_name} handed case {case.reference} back to the bot",
    )
    return Outcome(case)


def close(session: Session, case: Escalation, user: StaffUser, note: str) -> Outcome:
    if case.assigned_to_id is not None:
        ensure_handler(session, case, user)
    was = CaseStatus(case.status)
    set_case_status(session, case, expected=was, to=CaseStatus.CLOSED, closed_at=utcnow())
    notice = None
    # A live case pauses the bot from the moment it opens (the bot pauses itself while a person is
    # awaited), so closing a waiting case must resume it too; a handed-back chat is the bot's already.
    if was in (CaseStatus.OPEN, CaseStatus.LIVE) and case.mode == "live":
        try:  # a closed case must not leave the bot silent
            chat.resume(case.conversation_id, announce=announcement(case.conversation_id, "closed"))
            # The chat's rating is asked now, when the case is over, never while a person is awaited.
            if not chat.rated(case.conversation_id):
                chat.ask_rating(case.conversation_id)
        except chat.ChatDown as down:
            notice = f"The case is closed, but {down.detail}."
    said = f"{user.display_name} closed case {case.reference}" + (f": {note}" if note else "")
    audit(session, case, user, audit_log.Kind.CASE_CLOSED, said, {"note": note})
    return Outcome(case, notice)


def decide_return(
    session: Session, case: Escalation, user: StaffUser, matrix: AuthorityMatrix, *, decision: str, note: str
) -> Outcome:
    """Approve or reject the case's return, within the agent's authority; the customer is told."""
    action = "approve_return" if decision == "approve" else "reject_return"
    ensure_allowed(matrix, user, action)
    ensure_handler(session, case, user)
    rma = rmas.get_rma(session, case.rma_number) if case.rma_number else None
    if rma is None:
        raise NothingToDecide(f"case {case.reference} has no return to {decision}; record a note instead")
    number = format_rma_number(rma.number)
    if rma.status != RmaStatus.PENDING_REVIEW.value:
        raise NothingToDecide(f"return {number} is {rma.status.replace('_', ' ')}, not waiting for review")
    to = RmaStatus.APPROVED if decision == "approve" else RmaStatus.REJECTED
    why = f"{'Approved' if decision == 'approve' else 'Rejected'} by {user.display_name}" + (
        f": {note}" if note else ""
    )
    set_status(session, rma, expected=RmaStatus.PENDING_REVIEW, to=to, actor=user.actor, why=why)
    # The agent's message below tells the chat; email and SMS reach a customer who left it.
    label_url = label_url_for(rma) if to is RmaStatus.APPROVED else None
    notify(session, to.value, rma, channels=("email", "sms"), reason=note or None, label_url=label_url)
    emit(session, Event.RETURN_APPROVED if to is RmaStatus.APPROVED else Event.RETURN_REJECTED, return_data(rma))
    case.details = {**case.details, "rma": {**(case.details.get("rma") or {}), "status": to.value}}
    audit(
        session,
        case,
        user,
        audit_log.Kind(f"case.return_{to.value}"),
        f"{why} (return {number})",
        {"rma_number": number},
    )
    if decision == "approve":
        text = (
            f"Good news: your return {number} has been approved. Ask me about its status any time to see "
            "where to send it and by when."
        )
    else:
        text = f"We've looked at your return {number} and can't accept it." + (f" {note}" if note else "")
    _, why_not = send_message(session, case, user, text)
    notice = None if why_not is None else f"The return is {to.value}, but the customer was not told: {why_not}."
    return Outcome(case, notice)


def add_note(
    session: Session, case: Escalation, user: StaffUser, matrix: AuthorityMatrix, *, text: str, action: str
) -> AuditEvent:
    ensure_allowed(matrix, user, action)
    what = "noted" if action == "note" else "recorded an exchange"
    return audit(
        session, case, user, audit_log.Kind(f"case.{action}"), f"{user.display_name} {what}: {text}", {"text": text}
    )


def ensure_allowed(matrix: AuthorityMatrix, user: StaffUser, action: str) -> None:
    verdict = check(matrix, user.role, action)
    if isinstance(verdict, Refused):
        raise CaseBeyondAuthority(verdict.reason)


def ensure_handler(session: Session, case: Escalation, user: StaffUser) -> None:
    if case.status == CaseStatus.OPEN.value:
        raise Conflict(f"take case {case.reference} first (POST .../take), so nobody else answers it at the same time")
    if case.status == CaseStatus.CLOSED.value:
        raise Conflict(f"case {case.reference} is already closed; open a new one if the customer needs more help")
    if case.assigned_to_id not in (None, user.id) and user.role not in OVERSEERS:
        holder = session.get(StaffUser, case.assigned_to_id)
        name = f"{holder.display_name} ({holder.username})" if holder else "another agent"
        raise NotYourCase(f"case {case.reference} is handled by {name}; ask them or a supervisor to hand it over")


def audit(
    session: Session,
    case: Escalation,
    user: StaffUser | None,
    kind: audit_log.Kind,
    description: str,
    data: dict | None = None,
) -> AuditEvent:
    """An event on the case's timeline, by the agent (or the assistant when no one)."""
    return audit_log.record(
        session,
        kind,
        actor=user.actor if user else "assistant",
        role=user.role if user else None,
        escalation_id=case.id,
        description=description,
        data=data,
    )


def refusal(session: Session, reference: str, user: StaffUser, action: str, reason: str) -> None:
    """Record a refused step (after the attempt was rolled back), so the timeline shows it too."""
    case = load_case(session, reference)
    audit(
        session,
        case,
        user,
        audit_log.Kind.AUTHORITY_REFUSED,
        f"{user.display_name} was refused to {action.replace('_', ' ')}: {reason}",
        {"action": action},
    )


def present_user(user: StaffUser | None) -> dict[str, Any] | None:
    return None if user is None else {"username": user.username, "display_name": user.display_name}
