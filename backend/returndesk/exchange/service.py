"""Exchange a returned item for another: stock, the replacement order, and the price difference.

In one transaction, after the return's row lock (two clicks make one exchange): the stock is
taken by a guarded UPDATE, the exchange row is written (one per return, a unique constraint),
the sink is told, and the difference is settled: an upgrade leaves a payment request for what
the customer owes; a downgrade books a ledger refund of the difference and queues it for the
payment provider like any refund. The return becomes resolved (inspected → resolved).

An upgrade's difference is collected by the shop (we hold no card to charge), which tells us with
the shop token and its payment's reference (`mark_paid`): a guarded UPDATE open → paid, audited in
the same transaction; the shop may call again (a retry after a lost answer) and gets the same
answer, but one request cannot be paid under two references.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from .. import audit
from ..authority import AuthorityMatrix
from ..errors import Conflict, Forbidden, InvalidInput, NotFound
from ..idempotency import request_fingerprint
from ..kit.money import format_amount
from ..ledger import service as ledger
from ..ledger.queue import EXCHANGE_DIFFERENCE
from ..ledger.repository import payment_for_entry
from ..models import Rma, RmaLine
from ..models.payment import ExchangeOrder, PaymentRequest, RefundPayment
from ..models.rma_number import format_rma_number
from ..order import repository as orders
from ..payment import service as payments
from ..payment.approval import request_note
from ..payment.service import tell_exchange_shipped
from ..policy import Policy
from ..policy.exchange_price import price_difference
from ..rma.lifecycle import RmaStatus, set_status
from ..webhooks import Event, emit
from ..webhooks.payloads import exchange_data
from . import repository
from .repository import reservation_for
from .sink import ExchangeSink

SHOP = "shop"


class AlreadySettled(Conflict):
    title = "Payment request already settled"


class OutOfStock(Conflict):
    title = "Out of stock"


class ExchangeNotAllowed(Conflict):
    title = "Cannot exchange this return now"


class NotYourAction(Forbidden):
    title = "Beyond your authority"


@dataclass(frozen=True)
class Exchanged:
    exchange: ExchangeOrder
    payment_request: PaymentRequest | None
    refund: RefundPayment | None
    replayed: bool


def exchange_rma(
    session: Session,
    matrix: AuthorityMatrix,
    rma: Rma,
    actor: ledger.Actor,
    *,
    sku: str,
    line_no: int | None,
    sink: ExchangeSink,
    policy: Policy,
) -> Exchanged:
    """Send `sku` instead of the returned item. Only flushes."""
    role = matrix.roles.get(actor.role)
    if role is None or "exchange" not in role.actions:
        raise NotYourAction(f"your role ({actor.role}) may not arrange exchanges; ask an agent")
    payments.lock_rma(session, rma)
    number = format_rma_number(rma.number)
    existing = repository.exchange_of(session, rma.id)
    if existing is not None:
        if existing.replacement_sku != sku:
            raise ExchangeNotAllowed(
                f"return {number} was already exchanged for {existing.replacement_sku} "
                f"(order {existing.sink_reference}); it cannot be exchanged again"
            )
        return _replay(session, existing)
    if refunds := payments.payments_of(session, rma, purpose="refund"):
        money = format_amount(sum(p.amount_minor for p in refunds), rma.currency)
        raise ExchangeNotAllowed(f"return {number} is already being refunded ({money}); it cannot also be exchanged")
    asked = repository.pending_refund_request(session, rma.id, request_note(rma))
    if asked is not None:
        raise ExchangeNotAllowed(
            f"return {number} has a refund waiting for approval (request {asked}); reject it first to exchange instead"
        )
    if rma.status != RmaStatus.INSPECTED.value:
        raise ExchangeNotAllowed(
            f"return {number} is {rma.status}; an exchange is sent once the returned item is inspected"
        )
    rma_line = _line(rma, line_no)
    line = rma_line.order_line
    units = payments.arrived_units(session, rma)[rma_line.id]  # after a partial receipt, what arrived
    if units == 0:
        raise ExchangeNotAllowed(f"none of {line.name} arrived with return {number}; there is nothing to exchange")
    product = orders.get_product(session, sku)
    if product is None:
        raise NotFound(f"there is no product {sku} in the catalogue; check the SKU")
    if product.currency != rma.order.currency:
        raise InvalidInput(f"{sku} is priced in {product.currency}, order {rma.order.number} in {rma.order.currency}")
    held = reservation_for(session, rma_line.id)
    # The customer's chosen variant was taken from stock when the return was opened, at the price
    # and on the terms the chat told them; anything else is priced now, under the policy.
    taken = held if held is not None and held.sku == sku and held.quantity >= units else None
    unit_minor = taken.replacement_unit_minor if taken is not None else product.price_minor
    settlement = (
        taken.settlement
        if taken is not None
        else price_difference(policy, line.unit_price_minor, unit_minor, units).settlement
    )
    if settlement == "not_allowed":
        raise ExchangeNotAllowed(
            f"the return policy does not allow exchanging {line.name} for the dearer {product.name}; "
            "offer one at the same price or less, or a refund"
        )
    if taken is None and not repository.take(session, sku, units):
        left = repository.on_hand(session, sku)
        raise OutOfStock(f"{sku} is out of stock ({left} on hand, {units} needed); offer a refund or another item")
    difference = (unit_minor - line.unit_price_minor) * units
    exchange = ExchangeOrder(
        rma_id=rma.id,
        order_id=rma.order_id,
        order_line_id=line.id,
        original_sku=line.sku,
        replacement_sku=sku,
        quantity=units,
        paid_unit_minor=line.unit_price_minor,
        replacement_unit_minor=unit_minor,
        difference_minor=difference,
        currency=rma.order.currency,
        sink=sink.name,
        actor=actor.name,
    )
    session.add(exchange)
    session.flush()
    exchange.sink_reference = sink.place(session, exchange)
    request, refund = None, None
    money = format_amount(abs(difference), exchange.currency)
    # The policy settles the difference: paid by the customer, refunded, or by nobody (waived,
    # not_refunded); the exchange row keeps the price difference itself either way.
    if difference > 0 and settlement == "customer_pays":
        request = PaymentRequest(
            rma_id=rma.id,
            exchange_order_id=exchange.id,
            amount_minor=difference,
            currency=exchange.currency,
            status="open",
            description=f"{product.name} costs {money} more than {line.name}: the customer pays the difference",
        )
        session.add(request)
    elif difference < 0 and settlement == "refund":
        refund = _refund_difference(session, matrix, rma, line, actor, exchange, -difference)
    set_status(
        session,
        rma,
        expected=RmaStatus.INSPECTED,
        to=RmaStatus.RESOLVED,
        actor=actor.name,
        why=f"Exchanged for {product.name} ({sku}); replacement order {exchange.sink_reference}",
    )
    settle = (
        f"; the customer owes {money}"
        if request
        else f"; {money} refunded"
        if refund
        else f"; the {money} difference is not charged or refunded ({settlement})"
        if difference
        else ""
    )
    audit.record(
        session,
        audit.Kind.EXCHANGE_PLACED,
        actor=actor.name,
        role=actor.role,
        order_id=rma.order_id,
        rma_id=rma.id,
        ledger_entry_id=refund.ledger_entry_id if refund else None,
        description=f"{actor.name} exchanged return {number} ({line.name}) for {product.name} ({sku}), "
        f"replacement order {exchange.sink_reference}{settle}",
        data={"exchange_id": exchange.id, "sku": sku, "difference_minor": difference},
    )
    tell_exchange_shipped(session, rma, exchange)
    emit(session, Event.EXCHANGE_SHIPPED, exchange_data(rma, exchange))
    session.flush()
    return Exchanged(exchange, request, refund, replayed=False)


def _refund_difference(session, matrix, rma, line, actor, exchange, amount: int) -> RefundPayment:
    target = ledger.Target(order=rma.order, line=line, rma=rma, case=None)
    refused = ledger.verdict_for(session, matrix, target, "refund", amount, actor)
    if refused is not None:
        raise ledger.BeyondAuthority(refused.reason)
    booked = ledger.book(
        session,
        target,
        kind="refund",
        amount_minor=amount,
        actor=actor,
        key=f"rma-{rma.number}-exchange-{exchange.id}",
        fingerprint=request_fingerprint({"exchange": exchange.id, "amount": amount}),
        note=f"price difference of exchange {exchange.sink_reference}",
        why=f" for the cheaper replacement of return {format_rma_number(rma.number)}",
        purpose=EXCHANGE_DIFFERENCE,
    )
    payment = booked.payment or payment_for_entry(session, booked.entry)
    assert payment is not None  # the ledger queues every refund it books
    return payment


def _line(rma: Rma, line_no: int | None) -> RmaLine:
    if line_no is None:
        if len(rma.lines) != 1:
            numbers = ", ".join(str(line.order_line.line_no) for line in rma.lines)
            raise InvalidInput(f"return {format_rma_number(rma.number)} has lines {numbers}; send line_no to say which")
        return rma.lines[0]
    for line in rma.lines:
        if line.order_line.line_no == line_no:
            return line
    raise InvalidInput(f"return {format_rma_number(rma.number)} has no line {line_no}")


def _replay(session: Session, exchange: ExchangeOrder) -> Exchanged:
    request = repository.payment_request_of(session, exchange.id)
    refund = repository.difference_refund(session, exchange.rma_id)
    return Exchanged(exchange, request, refund, replayed=True)


def mark_paid(session: Session, request_id: int, reference: str) -> tuple[PaymentRequest, bool]:
    """The request, paid; True when it was already paid under this reference (a replay). Only flushes."""
    request = repository.payment_request(session, request_id)
    if request is None:
        raise NotFound(f"there is no payment request {request_id}")
    changed = repository.mark_request_paid(session, request_id, reference)
    session.refresh(request)
    if not changed:
        if request.status == "paid" and request.paid_reference == reference:
            return request, True
        why = f"paid under reference {request.paid_reference}" if request.status == "paid" else request.status
        raise AlreadySettled(f"payment request {request_id} is already {why}; nothing more is owed on it")
    rma = repository.rma(session, request.rma_id)
    assert rma is not None
    audit.record(
        session,
        audit.Kind.PAYMENT_REQUEST_PAID,
        actor=SHOP,
        order_id=rma.order_id,
        rma_id=rma.id,
        description=f"the customer paid the {format_amount(request.amount_minor, request.currency)} owed for "
        f"the exchange of return {format_rma_number(rma.number)} (shop reference {reference})",
        data={"payment_request_id": request.id, "reference": reference},
    )
    return request, False
