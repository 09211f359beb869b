"""Creating returns and answering what can still be returned.

The policy engine decides; this module gathers the facts, checks quantities, issues the RMA
number and records the decision with the policy version and the facts it was made from.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Protocol

from sqlalchemy.orm import Session

from ..errors import Conflict, InvalidInput
from ..evidence import repository as evidence_repository
from ..evidence import service as evidence_service
from ..exchange import variants as exchange_variants
from ..label.notify import label_url_for
from ..models import Order, Rma, RmaLine
from ..models.rma_number import format_rma_number, issue_rma_number
from ..notification import enqueue as notify
from ..offer import service as offers
from ..order import repository as orders
from ..policy import Decision, Outcome, Policy, ReturnLine, ReturnRequest, evaluate, line_eligibility
from ..rma import repository
from ..rma.facts import item_facts, purchase_facts, request_as_json, request_from_json, today
from ..rma.lifecycle import RmaStatus, opening_events, record_event, set_status
from ..webhooks import Event, emit
from ..webhooks.payloads import return_data
from .schemas import ReturnableItem, ReturnableItems, ReturnIn

STATUS_FOR_OUTCOME = {
    Outcome.APPROVE: RmaStatus.APPROVED,
    Outcome.REVIEW: RmaStatus.PENDING_REVIEW,
    Outcome.REJECT: RmaStatus.REJECTED,
}
ENGINE_ACTOR = "policy-engine"


class UnknownOrderLine(InvalidInput):
    title = "Unknown order line"


class QuantityNotReturnable(Conflict):
    title = "Quantity not returnable"


class ExchangeNotOffered(Conflict):
    title = "Exchange not offered"


def returnable_items(session: Session, policy: Policy, order: Order, locale: str = "en") -> ReturnableItems:
    claimed = repository.quantities_in_returns(session, order)
    purchase = purchase_facts(session, order, policy)
    now = today(policy)
    items = []
    for line in order.lines:
        eligibility = line_eligibility(policy, item_facts(line), purchase, now, locale)
        left = line.quantity - claimed[line.line_no]
        explanations = [{"rule_id": e.rule_id, "text": e.text} for e in eligibility.explanations]
        if left <= 0:
            explanations.append(
                {
                    "rule_id": "quantity.all_returned",
                    "text": "All units of this item are already in a return, or were kept with a partial refund.",
                }
            )
        items.append(
            ReturnableItem(
                line_no=line.line_no,
                sku=line.sku,
                name=line.name,
                category=line.category,
                quantity=line.quantity,
                returnable_quantity=max(left, 0),
                unit_price_minor=line.unit_price_minor,
                eligible=eligibility.eligible and left > 0,
                window_end=eligibility.window_end,
                window_closes_at=policy.closes_at(eligibility.window_end) if eligibility.window_end else None,
                awaiting_delivery=eligibility.awaiting_delivery,
                eligible_reasons=list(eligibility.eligible_reasons) if left > 0 else [],
                explanations=explanations,
            )
        )
    return ReturnableItems(order_number=order.number, currency=order.currency, items=items)


class WantedLine(Protocol):
    line_no: int
    quantity: int
    reason: str


def build_request(
    session: Session,
    policy: Policy,
    order: Order,
    wanted_lines: Sequence[WantedLine],
    *,
    answers: Mapping[str, bool],
    evidence: Mapping[str, int],
    evidence_suspect: bool = False,
    preferred_resolution: str | None,
    locale: str | None,
    as_of: date | None = None,
) -> ReturnRequest:
    """Facts for the engine; refuses unknown lines and quantities beyond what is left."""
    claimed = repository.quantities_in_returns(session, order)
    lines = []
    for wanted in wanted_lines:
        line = orders.line_by_number(order, wanted.line_no)
        if line is None:
            known = ", ".join(str(l.line_no) for l in order.lines)
            raise UnknownOrderLine(f"order {order.number} has no line {wanted.line_no}; its lines are {known}")
        _check_quantity(line.quantity - claimed[line.line_no], wanted, line.name)
        lines.append(ReturnLine(item=item_facts(line), quantity=wanted.quantity, reason=wanted.reason))
    return ReturnRequest(
        purchase=purchase_facts(session, order, policy),
        lines=tuple(lines),
        today=as_of or today(policy),
        answers=dict(answers),
        evidence=dict(evidence),
        evidence_suspect=evidence_suspect,
        preferred_resolution=preferred_resolution,
        locale=locale,
    )


def _check_quantity(left: int, wanted: WantedLine, name: str) -> None:
    if left <= 0:
        raise QuantityNotReturnable(
            f"every unit of line {wanted.line_no} ({name}) is already in a return or was kept with a partial refund"
        )
    if wanted.quantity > left:
        raise QuantityNotReturnable(
            f"line {wanted.line_no} ({name}) has {left} unit(s) left to return; you asked for {wanted.quantity}"
        )


def create_return(
    session: Session, policy: Policy, order: Order, payload: ReturnIn, actor: str, *, conversation_id: str | None = None
) -> Rma:
    """Decide and record a return; the caller holds the order's row lock. Only flushes."""
    # The service counts the evidence; a client never declares counts.
    shown = evidence_service.resolve_for_order(
        session, payload.evidence_ids, order=order, conversation_id=conversation_id
    )
    facts = evidence_service.evidence_facts(session, shown, order)
    request = build_request(
        session,
        policy,
        order,
        payload.lines,
        answers=payload.answers,
        evidence=facts.counts,
        evidence_suspect=facts.suspect,
        preferred_resolution=payload.preferred_resolution,
        locale=payload.locale,
    )
    decision = evaluate(policy, request)
    status = STATUS_FOR_OUTCOME[decision.outcome]
    rma = Rma(
        # 55 random bits: a clash is vanishingly rare, and the unique constraint turns one into a
        # failed request that the client's idempotent retry repeats safely.
        number=issue_rma_number(),
        order=order,
        status=status.value,
        channel=payload.channel,
        conversation_id=payload.conversation_id,
        locale=payload.locale,
        preferred_resolution=payload.preferred_resolution,
        currency=decision.currency,
        refund_estimate_minor=decision.refund_estimate_minor,
        return_by=decision.return_by,
        policy_version=decision.policy_version,
        decision=decision.to_dict(),
        facts=request_as_json(request),
        evidence_ids=[row.public_id for row in shown],
        lines=[
            RmaLine(
                order_line=orders.line_by_number(order, wanted.line_no),
                quantity=wanted.quantity,
                reason=wanted.reason,
                note=wanted.note,
            )
            for wanted in payload.lines
        ],
        events=opening_events(status, requested_by=actor, decided_by=ENGINE_ACTOR, why=_decision_summary(decision)),
    )
    session.add(rma)
    session.flush()
    if status is not RmaStatus.REJECTED:
        _hold_exchange_variants(session, policy, rma, decision, payload)
    evidence_service.attach(shown, order=order, rma_id=rma.id)
    session.flush()
    # Sending the units back supersedes an open keep-the-item offer for them.
    offers.withdraw_for_return(session, order, format_rma_number(rma.number))
    if status in (RmaStatus.APPROVED, RmaStatus.REJECTED):
        # The bot or the agent who asked says the outcome in the chat already: no chat notice.
        label_url = label_url_for(rma) if status is RmaStatus.APPROVED else None
        why = _decision_summary(decision)
        notify(session, status.value, rma, channels=("email", "sms"), reason=why, label_url=label_url)
    emit(session, Event.RETURN_CREATED, return_data(rma))
    if decided := DECIDED_EVENTS.get(status):
        emit(session, decided, return_data(rma))
    return rma


# A return the policy decides at once is announced as created, then as decided.
DECIDED_EVENTS = {RmaStatus.APPROVED: Event.RETURN_APPROVED, RmaStatus.REJECTED: Event.RETURN_REJECTED}


def _hold_exchange_variants(session: Session, policy: Policy, rma: Rma, decision: Decision, payload: ReturnIn) -> None:
    """An exchange for a chosen size or colour: the policy must offer the exchange, and its stock is held."""
    chosen = {line.line_no: line.exchange_sku.upper() for line in payload.lines if line.exchange_sku}
    if not chosen:
        return
    if all(option.kind != "exchange" for option in decision.resolutions):
        offered = ", ".join(option.kind for option in decision.resolutions)
        raise ExchangeNotOffered(f"the policy does not offer an exchange for this return; choose one of: {offered}")
    for rma_line in rma.lines:
        if (sku := chosen.get(rma_line.order_line.line_no)) is not None:
            exchange_variants.reserve(session, policy, rma, rma_line, sku)


def _decision_summary(decision: Decision) -> str:
    return " ".join(e.text for e in decision.explanations) or f"Policy outcome: {decision.outcome.value}"


def returns_of_order(session: Session, order: Order) -> list[Rma]:
    return repository.rmas_of_order(session, order.id)


class NotWaitingForEvidence(Conflict):
    title = "Return not waiting for evidence"


def add_evidence(
    session: Session, policy: Policy, rma: Rma, evidence_ids: Sequence[str], *, conversation_id: str, actor: str
) -> Rma:
    """Attach evidence to a return waiting in review and decide again: enough photos (and
    nothing suspect) approve it; otherwise it keeps waiting, with an event saying what arrived."""
    if rma.status != RmaStatus.PENDING_REVIEW.value:
        raise NotWaitingForEvidence(
            f"return {format_rma_number(rma.number)} is {rma.status}; evidence is added only while it waits for review"
        )
    order = rma.order
    new = evidence_service.resolve_for_order(
        session, evidence_ids, order=order, conversation_id=conversation_id, rma_id=rma.id
    )
    evidence_service.attach(new, order=order, rma_id=rma.id)
    session.flush()
    shown = evidence_repository.evidence_of_rma(session, rma.id)
    facts = evidence_service.evidence_facts(session, shown, order)
    request = replace(request_from_json(rma.facts), evidence=facts.counts, evidence_suspect=facts.suspect)
    decision = evaluate(policy, request)
    rma.decision, rma.facts = decision.to_dict(), request_as_json(request)
    rma.policy_version, rma.evidence_ids = decision.policy_version, [row.public_id for row in shown]
    rma.refund_estimate_minor, rma.return_by = decision.refund_estimate_minor, decision.return_by
    added = ", ".join(row.public_id for row in new)
    if decision.outcome is Outcome.APPROVE:
        set_status(
            session,
            rma,
            expected=RmaStatus.PENDING_REVIEW,
            to=RmaStatus.APPROVED,
            actor=ENGINE_ACTOR,
            why=f"Evidence added ({added}). {_decision_summary(decision)}",
        )
        # The bot answers in the chat; the email carries the label link.
        notify(session, "approved", rma, channels=("email", "sms"), label_url=label_url_for(rma))
        emit(session, Event.RETURN_APPROVED, return_data(rma))
    else:
        # Still a person's call (a refusal after new photos is a person's call too).
        record_event(
            session,
            rma,
            from_status=RmaStatus.PENDING_REVIEW,
            to=RmaStatus.PENDING_REVIEW,
            actor=actor,
            why=f"Evidence added ({added}); still waiting for review. {_decision_summary(decision)}",
        )
    session.flush()
    return rma
