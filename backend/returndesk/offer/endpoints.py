"""POST /offers and POST /offers/{id}/answer: the bot's keep-the-item offers, on the order token.

The caller is the customer's verified conversation (the same order token the bot uses for
returnable-items and returns): the offer is about their own order line, whichever chat asks, and
the money moves under the bot's authority, never the caller's word. Both endpoints lock the
order first, as POST /returns does: offers, answers and returns on one order take turns.
"""

from __future__ import annotations

from fastapi import APIRouter, Response
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from ..auth import CustomerAccess, conversation_in_scope, ensure_same_order
from ..authority.current import CurrentAuthority
from ..db import DbSession
from ..errors import AuditedRefusal, InvalidInput, problem
from ..ledger import service as ledger
from ..models import BotOffer
from ..order import repository as orders
from ..order.service import load_order
from ..policy.current import CurrentPolicy
from . import repository, service
from .schemas import AnswerIn, AnswerOut, OfferIn, OfferOut

router = APIRouter(tags=["offers"])

NO_OFFER_HEADER = "X-ReturnDesk-No-Offer"


@router.post(
    "/offers",
    status_code=201,
    response_model=OfferOut,
    responses={
        200: {"description": "The offer already open for this order line, served again", "model": OfferOut},
        204: {"description": f"Nothing (more) to offer: go on with the return; why in the {NO_OFFER_HEADER} header"},
    },
)
def post_offer(
    payload: OfferIn, access: CustomerAccess, session: DbSession, policy: CurrentPolicy, matrix: CurrentAuthority
) -> Response:
    """The open or next keep-the-item offer for an order line, or 204 when there is none."""
    number = payload.order_number.upper()
    ensure_same_order(access, number)
    conversation_in_scope(access, payload.conversation_id)  # the chat the token was verified in, no other
    order = load_order(session, number, for_update=True)
    line = orders.line_by_number(order, payload.line_no)
    if line is None:
        raise InvalidInput(f"order {order.number} has no line {payload.line_no}; pick one of its items")
    if payload.quantity is not None and payload.quantity > line.quantity:
        raise InvalidInput(
            f"line {line.line_no} has {line.quantity} unit(s); send a quantity from 1 to {line.quantity}"
        )
    found = service.next_offer(
        session,
        policy,
        matrix,
        order,
        line,
        conversation_id=payload.conversation_id,
        reason=payload.reason,
        quantity=payload.quantity,
    )
    if found.offer is None:
        return Response(status_code=204, headers={NO_OFFER_HEADER: found.why})
    body = present(session, found.offer, rungs=found.rungs)
    return JSONResponse(jsonable_encoder(body), status_code=201 if found.created else 200)


@router.post(
    "/offers/{offer_id}/answer",
    response_model=AnswerOut,
    responses={
        403: {"description": "The bot may no longer give this much on the case"},
        404: {"description": "No such offer on the verified order"},
        409: {
            "description": "Already answered the other way, withdrawn (expired, or the item is in a return "
            "or kept), or more than was paid"
        },
    },
)
def answer(
    offer_id: int, payload: AnswerIn, access: CustomerAccess, session: DbSession, matrix: CurrentAuthority
) -> JSONResponse:
    """Accept (keep the item; the refund or coupon is booked by the bot) or decline an offer."""
    # The order's row lock first: a return or another accept for these units waits for this answer.
    load_order(session, access.order_number, for_update=True)
    offer = service.load_offer(session, offer_id, access.order_number)
    try:
        replayed = service.answer_offer(session, matrix, offer, accept=payload.accept)
    except service.OfferWithdrawn as refusal:
        # Returned, not raised: nothing was booked, and the withdrawal (with why) must be committed.
        return problem(refusal.status, refusal.title, refusal.detail)
    except (ledger.BeyondAuthority, ledger.RefundExceedsPaid) as refusal:
        # The booking is undone, but the withdrawal and why must be kept.
        order_number, why = access.order_number, refusal.detail

        def withdraw(session: Session) -> None:
            load_order(session, order_number, for_update=True)
            offer = service.load_offer(session, offer_id, order_number)
            service.withdraw(session, offer, f"the bot can no longer give it ({why}); go on with the return")

        detail = f"this offer can no longer be given ({why}); go on with the return instead"
        raise AuditedRefusal(refusal, withdraw, detail=detail) from refusal
    body = present(session, offer, answered=True)
    headers = {"Idempotent-Replayed": "true"} if replayed else None
    return JSONResponse(jsonable_encoder(body), headers=headers)


def present(session: Session, offer: BotOffer, *, rungs: int | None = None, answered: bool = False) -> OfferOut:
    order, line = repository.order_and_line(session, offer)
    accepted = offer.status == "accepted"
    fields = {
        "id": offer.id,
        "conversation_id": offer.conversation_id,
        "order_number": order.number,
        "line_no": line.line_no,
        "reason": offer.reason,
        "rung": offer.rung,
        "rungs": rungs if rungs is not None else offer.rung,
        "kind": offer.kind,
        "amount_minor": offer.amount_minor,
        "currency": offer.currency,
        "amount": service.format_amount(offer.amount_minor, offer.currency),
        "return_cost_minor": offer.return_cost_minor,
        "status": offer.status,
        "expires_at": service.expires_at(offer),
        "withdrawn_why": offer.withdrawn_why,
        "text": service.accepted_text(offer, line.name) if accepted else service.offer_text(offer),
        "created_at": offer.created_at,
        "answered_at": offer.answered_at,
    }
    if answered:
        return AnswerOut(**fields, ledger_entry_id=offer.ledger_entry_id, return_needed=not accepted)
    return OfferOut(**fields)
