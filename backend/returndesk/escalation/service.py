"""Opening a case: by the assistant (POST /escalations) or when a return lands in review.

One active case per conversation: asking twice does not queue twice. Mode, priority and due
time are fixed at opening: inside staffed hours the case is live (a person joins the chat),
outside it is an email ticket answered when people are back.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from .. import audit
from ..config import Settings
from ..errors import InvalidInput
from ..kit.hours import StaffedHours, parse_staffed_hours
from ..kit.language import spoken_language
from ..models import Escalation, Rma, utcnow
from ..models.rma_number import ALPHABET, InvalidRmaNumber, format_rma_number, parse_rma_number
from ..policy import Policy
from ..webhooks import Event, emit
from ..webhooks.payloads import case_data
from . import summary
from .hours import describe_opening
from .priority import case_priority, due_at, sla_minutes
from .queue import position_of
from .schemas import EscalationIn
from .status import ACTIVE, CaseStatus
from .words import case_locale, say, sentences

ASSISTANT = "assistant"
ENGINE = "policy-engine"
# Review rules that name the trigger more precisely than "the policy wants a person".
REVIEW_TRIGGERS = {"review.high_value": "high_value", "review.evidence_missing": "evidence_missing"}
# Returns an agent opened for a customer who phoned or emailed: there is no chat to join, so their
# case is answered by email and keyed by the return instead of a conversation.
OFF_CHAT_CHANNELS = frozenset({"phone", "email"})
CHAT_LANGUAGES = frozenset({"en", "zh"})


@dataclass(frozen=True)
class Verified:
    """An order the customer proved they own in the conversation being handed over."""

    order_number: str


@dataclass(frozen=True)
class Opened:
    case: Escalation
    created: bool
    position: int | None


def staffed_hours(settings: Settings) -> StaffedHours:
    return parse_staffed_hours(settings.staffed_hours, settings.timezone)  # checked at start (config.py)


def open_escalation(
    session: Session,
    data: EscalationIn,
    *,
    settings: Settings,
    policy: Policy,
    actor: str = ASSISTANT,
    verified: Verified | None = None,
) -> Opened:
    """The conversation's active case, new or existing. Only flushes."""
    _one_writer_per_conversation(session, data.conversation_id)
    existing = session.scalars(
        select(Escalation).where(Escalation.conversation_id == data.conversation_id, Escalation.status.in_(ACTIVE))
    ).first()
    if existing is not None:
        return Opened(existing, created=False, position=position_of(session, existing))
    order = summary.find_order(session, verified.order_number if verified else data.order_number)
    rma = summary.find_rma(session, _canonical_rma(data.rma_number), data.conversation_id)
    if order is None and rma is not None:
        order = rma.order
    # A return exists only after its order was verified (POST /returns takes an order token).
    by_token = verified is not None and order is not None and verified.order_number == order.number
    proven = by_token or (order is not None and rma is not None and rma.order_id == order.id)
    case = _new_case(
        session, data, order=order, rma=rma, settings=settings, policy=policy, actor=actor, verified=proven
    )
    return Opened(case, created=True, position=position_of(session, case))


def open_for_review(session: Session, rma: Rma, *, settings: Settings, policy: Policy) -> Opened | None:
    """A return parked for review opens a case, so an agent sees it without the customer asking."""
    conversation_id = rma.conversation_id
    if not conversation_id and rma.channel in OFF_CHAT_CHANNELS:
        conversation_id = f"{rma.channel}:{format_rma_number(rma.number)}"
    if not conversation_id:
        return None
    fired = summary.review_rule_ids(rma)
    trigger = next((REVIEW_TRIGGERS[rule] for rule in fired if rule in REVIEW_TRIGGERS), "policy_review")
    why = " ".join(e["text"] for e in rma.decision.get("explanations", []) if e["rule_id"].startswith("review."))
    data = EscalationIn(
        conversation_id=conversation_id,
        channel=rma.channel,
        trigger=trigger,
        order_number=rma.order.number,
        rma_number=rma.number,
        summary=f"Return {format_rma_number(rma.number)} is waiting for review. {why}".strip(),
        recommendation=_review_recommendation(fired),
        locale=chat_locale(rma.locale),
    )
    opened = open_escalation(session, data, settings=settings, policy=policy, actor=ENGINE)
    case = opened.case
    if not opened.created and case.rma_number is None:
        # The customer asked for a person before submitting: the case now carries the return.
        case.rma_number = rma.number
        case.order_number = rma.order.number
        case.customer_email = case.customer_email or rma.order.customer.email
        case.details = summary.case_details(
            rma.order,
            rma,
            typed_order_number=case.order_number,
            verified=True,  # the return was created with the order's token
            offers=summary.offers_made(session, conversation_id),
        )
        case.recommendation = case.recommendation or data.recommendation
        audit.record(
            session,
            audit.Kind.CASE_RETURN_ATTACHED,
            actor=ENGINE,
            order_id=rma.order_id,
            rma_id=rma.id,
            escalation_id=case.id,
            description=f"Return {format_rma_number(rma.number)} is waiting for review. {why}".strip(),
        )
    return opened


def _new_case(session, data: EscalationIn, *, order, rma, settings, policy, actor, verified: bool) -> Escalation:
    now = utcnow()
    hours = staffed_hours(settings)
    mode = "live" if hours.is_staffed(now) and data.channel not in OFF_CHAT_CHANNELS else "email"
    high_value = policy.review.get("review.high_value")
    priority = case_priority(
        data.trigger,
        order_value_minor=summary.order_value_minor(order, rma),
        high_value_minor=high_value.above_minor if high_value else None,
        tier=order.customer.tier if order else None,
        review_rule_ids=summary.review_rule_ids(rma),
    )
    details = summary.case_details(
        order,
        rma,
        typed_order_number=data.order_number,
        verified=verified,
        context=data.context,
        offers=summary.offers_made(session, data.conversation_id),
    )
    email = order.customer.email if order else None
    text_summary = data.summary
    if mode == "email" and not email:
        # Keep it simple: the ticket waits, and the agent sees at once why it cannot be answered.
        text_summary = f"{text_summary} No email address is known for this customer: ask for one.".strip()
    case = Escalation(
        reference="ESC-" + "".join(secrets.choice(ALPHABET) for _ in range(8)),
        status=CaseStatus.OPEN.value,
        conversation_id=data.conversation_id,
        channel=data.channel,
        trigger=data.trigger,
        order_number=order.number if order else data.order_number,
        rma_number=rma.number if rma else None,
        summary=text_summary,
        created_at=now,
        priority=priority,
        mode=mode,
        due_at=due_at(priority, mode, opened_at=now, desk_opens_at=hours.next_opening(now)),
        customer_email=email,
        recommendation=data.recommendation,
        details=details,
        locale=data.locale or "en",
    )
    session.add(case)
    session.flush()
    audit.record(
        session,
        audit.Kind.CASE_OPENED,
        actor=actor,
        order_id=order.id if order else None,
        rma_id=rma.id if rma else None,
        escalation_id=case.id,
        description=f"Case {case.reference} opened ({data.trigger.replace('_', ' ')}, {priority} priority, "
        f"{'live chat' if mode == 'live' else 'email ticket'})",
        data={"trigger": data.trigger, "priority": priority, "mode": mode, "verified": verified},
    )
    emit(session, Event.CASE_OPENED, case_data(case))
    return case


def next_steps(
    case: Escalation,
    position: int | None,
    settings: Settings,
    *,
    now: datetime | None = None,
    locale: str | None = None,
) -> str:
    """What happens next and roughly when, as honestly as we know it, in the reader's language
    (the case's own when the caller did not say)."""
    now = now or utcnow()
    locale = case_locale(locale or case.locale)
    reference = say(locale, "reference", reference=case.reference)
    if case.mode == "email":
        hours = staffed_hours(settings)
        back = describe_opening(hours, now, locale)
        key = "email.noted" if hours.is_staffed(now) else "email.away"
        if case.customer_email:
            first = say(locale, f"{key}_to", back=back, email=summary.mask_email(case.customer_email))
            return sentences(locale, [first, reference])
        return sentences(locale, [say(locale, key, back=back), say(locale, "email.ask_address"), reference])
    if case.status == CaseStatus.LIVE.value:
        return sentences(locale, [say(locale, "live.joined"), reference])
    wait = sla_minutes(case.priority, "live")
    place = (
        say(locale, "queue.next", minutes=wait)
        if position == 1
        else say(locale, "queue.number", position=position, minutes=wait)
    )
    return sentences(locale, [place, reference])


def _one_writer_per_conversation(session: Session, conversation_id: str) -> None:
    # Two "talk to a person" messages at once must not open two cases. SQLite already
    # serialises writers (BEGIN IMMEDIATE); on PostgreSQL a transaction-scoped advisory lock on
    # the conversation does it without a schema change.
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:c))"), {"c": conversation_id})


def chat_locale(locale: str | None) -> str:
    """A return's locale ("zh-CN", "en", ...) as one of the chat's languages; others are English."""
    return spoken_language(locale, CHAT_LANGUAGES)


def _review_recommendation(fired: list[str]) -> str:
    if "review.evidence_missing" in fired:
        return "Wait for the photos, then approve if they show what the customer describes."
    if "review.evidence_suspect" in fired:
        return "A photo matches one seen before: compare it before approving."
    if "review.high_value" in fired:
        return "High value: check the order and the reason, then approve or reject."
    return "Check the policy's reasons below, then approve or reject."


def _canonical_rma(typed: str | None) -> str | None:
    if not typed:
        return None
    try:
        return parse_rma_number(typed)
    except InvalidRmaNumber as error:
        raise InvalidInput(str(error)) from None
