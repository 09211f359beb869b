"""POST /returns/{rma}/exchange: send another item instead of refunding (staff with exchange authority);
POST /payment-requests/{id}/paid: the shop collected what an upgrade costs more (shop token);
GET /orders/{number}/lines/{line_no}/exchange-options: the sizes and colours in stock (the order's owner)."""

from __future__ import annotations

from functools import partial

from fastapi import APIRouter, Query
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response

from .. import audit
from ..auth import CustomerAccess, ShopCaller, ensure_same_order
from ..authority.current import CurrentAuthority
from ..db import DbSession, after_commit, answer_after_commit, get_sessionmaker
from ..errors import AuditedRefusal, InvalidInput, NotFound
from ..kit.schemas import LineNo
from ..ledger import service as ledger
from ..models.payment import PaymentRequest
from ..models.rma_number import format_rma_number
from ..order import repository as orders
from ..payment import service as payments
from ..payment.presenter import present
from ..payment.tasks import send
from ..payment_provider import get_payment_provider
from ..policy.current import CurrentPolicy
from ..rma.dependencies import find_rma
from ..staff.auth import CurrentStaff
from .repository import variant_of
from .schemas import ExchangeIn, ExchangeOptionsOut, ExchangeOut, PaymentRequestOut, PaymentRequestPaidIn, VariantOut
from .service import exchange_rma, mark_paid
from .sink import get_exchange_sink
from .variants import exchange_options

router = APIRouter(tags=["exchanges"])


@router.get(
    "/orders/{order_number}/lines/{line_no}/exchange-options",
    response_model=ExchangeOptionsOut,
    responses={404: {"description": "No such order"}, 422: {"description": "No such line, or too many units"}},
)
def get_exchange_options(
    order_number: str,
    line_no: LineNo,
    access: CustomerAccess,
    session: DbSession,
    policy: CurrentPolicy,
    quantity: int = Query(1, ge=1, le=100, description="How many units would be exchanged"),
) -> ExchangeOptionsOut:
    """The other sizes and colours of a line in stock, each with its price difference under the policy."""
    number = order_number.upper()
    ensure_same_order(access, number)
    order = orders.get_order(session, number)
    if order is None:  # a token's own order was deleted: answer as for any unknown order
        raise NotFound(f"there is no order {number}")
    line = orders.line_by_number(order, line_no)
    if line is None:
        known = ", ".join(str(l.line_no) for l in order.lines)
        raise InvalidInput(f"order {number} has no line {line_no}; its lines are {known}")
    if quantity > line.quantity:
        raise InvalidInput(f"line {line_no} ({line.name}) has {line.quantity} unit(s); ask for at most that many")
    own = variant_of(session, line.sku)
    return ExchangeOptionsOut(
        order_number=number,
        line_no=line_no,
        sku=line.sku,
        name=line.name,
        size=own.size if own else None,
        colour=own.colour if own else None,
        quantity=quantity,
        currency=order.currency,
        options=[VariantOut.of(v) for v in exchange_options(session, policy, line, quantity)],
    )


@router.post(
    "/returns/{rma_number}/exchange",
    status_code=201,
    response_model=ExchangeOut,
    responses={
        200: {"description": "The same exchange again: the one made the first time"},
        403: {"description": "Your role may not arrange exchanges, or the refunded difference is beyond your limits"},
        404: {"description": "No such return or SKU"},
        409: {
            "description": "Out of stock, not inspected yet, already exchanged for something else, "
            "or a dearer item the policy does not allow"
        },
    },
)
def exchange_return(
    rma_number: str,
    body: ExchangeIn,
    user: CurrentStaff,
    session: DbSession,
    matrix: CurrentAuthority,
    policy: CurrentPolicy,
) -> Response:
    """Send a replacement for an inspected return; upgrades pay the difference, downgrades get it back."""
    rma = find_rma(session, rma_number)
    actor = ledger.Actor(name=user.actor, role=user.role, staff=user)
    provider = get_payment_provider()
    try:
        done = exchange_rma(
            session,
            matrix,
            rma,
            actor,
            sku=body.sku.upper(),
            line_no=body.line_no,
            sink=get_exchange_sink(),
            policy=policy,
        )
    except ledger.BeyondAuthority as refusal:
        # The stock and the exchange are undone; the refusal is audited.
        raise AuditedRefusal(
            refusal,
            partial(
                audit.record,
                kind=audit.Kind.AUTHORITY_REFUSED,
                actor=actor.name,
                role=actor.role,
                order_id=rma.order_id,
                rma_id=rma.id,
                description=f"{actor.name} ({actor.role}) was refused the exchange of return "
                f"{format_rma_number(rma.number)} for {body.sku.upper()}: {refusal.detail}",
                data={"sku": body.sku.upper()},
            ),
        ) from refusal
    work = payments.outgoing([done.refund]) if done.refund else []
    if work:
        after_commit(session, lambda: send(get_sessionmaker(), provider, work))

    def answer() -> JSONResponse:  # with the refunded difference as the provider left it
        if done.refund is not None:
            session.refresh(done.refund)
        session.refresh(rma)
        exchange, request = done.exchange, done.payment_request
        out = ExchangeOut(
            rma_number=format_rma_number(rma.number),
            rma_status=rma.status,
            replacement_order=exchange.sink_reference,
            original_sku=exchange.original_sku,
            replacement_sku=exchange.replacement_sku,
            quantity=exchange.quantity,
            difference_minor=exchange.difference_minor,
            currency=exchange.currency,
            created_at=exchange.created_at,
            payment_request=present_request(request) if request else None,
            refund=present(session, done.refund) if done.refund else None,
        )
        return JSONResponse(jsonable_encoder(out), status_code=200 if done.replayed else 201)

    return answer_after_commit(session, answer)


@router.post(
    "/payment-requests/{request_id}/paid",
    response_model=PaymentRequestOut,
    dependencies=[ShopCaller],
    responses={
        200: {"description": "Marked paid; the same call again answers the same"},
        404: {"description": "No such payment request"},
        409: {"description": "Already paid under another reference, or cancelled"},
    },
)
def payment_request_paid(request_id: int, body: PaymentRequestPaidIn, session: DbSession) -> JSONResponse:
    """The shop collected what the customer owes for an upgrade exchange (audited)."""
    request, replayed = mark_paid(session, request_id, body.reference)
    headers = {"Idempotent-Replayed": "true"} if replayed else {}
    return JSONResponse(jsonable_encoder(present_request(request)), headers=headers)


def present_request(request: PaymentRequest) -> PaymentRequestOut:
    return PaymentRequestOut(
        id=request.id,
        amount_minor=request.amount_minor,
        currency=request.currency,
        status=request.status,
        description=request.description,
        paid_at=request.paid_at,
        paid_reference=request.paid_reference,
    )
