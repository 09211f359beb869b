"""HTTP endpoints for returns: what is returnable, create a return, status and timeline, cancel,
change to an exchange."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query
from fastapi.responses import JSONResponse

from ..auth import AppSettings, CustomerAccess, conversation_in_scope, ensure_same_order
from ..db import DbSession
from ..errors import InvalidInput
from ..escalation.presenter import present_opened
from ..escalation.service import open_for_review
from ..evidence.callers import Conversation, ScopedConversation
from ..exchange.repository import variant_of
from ..exchange.schemas import VariantOut
from ..idempotency import KEY_HEADER, request_fingerprint, run_once
from ..kit.language import RequestLocale, spoken
from ..models.rma_number import format_rma_number
from ..order.service import load_order
from ..policy.current import CurrentPolicy
from ..rma.dependencies import OwnedRma, OwnedRmaToChange
from ..rma.lifecycle import RmaStatus
from ..rma.service import cancel_by_customer
from .presenter import present_return
from .resolution import change_to_exchange, change_to_refund, exchange_choices
from .schemas import (
    EvidenceIdsIn,
    ResolutionChangeIn,
    ReturnableItems,
    ReturnExchangeOptionsOut,
    ReturnIn,
    ReturnOut,
)
from .service import add_evidence, create_return, returnable_items, returns_of_order

router = APIRouter(tags=["returns"])

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias=KEY_HEADER,
        description="A unique key per return request (e.g. a UUID); a retry with the same key "
        "returns the first answer instead of creating a second return",
    ),
]


@router.get("/orders/{order_number}/returnable-items", response_model=ReturnableItems)
def get_returnable_items(
    order_number: str,
    access: CustomerAccess,
    session: DbSession,
    policy: CurrentPolicy,
    requested: RequestLocale,
    locale: str | None = None,
) -> ReturnableItems:
    """Per order line: returnable or not, why, until when, and how many units are left."""
    ensure_same_order(access, order_number.upper())
    return returnable_items(session, policy, load_order(session, order_number.upper()), spoken(locale, requested))


@router.get("/orders/{order_number}/returns", response_model=list[ReturnOut])
def get_order_returns(
    order_number: str, access: CustomerAccess, session: DbSession, settings: AppSettings, requested: RequestLocale
) -> list[ReturnOut]:
    """Every return on a verified order, newest first, with status and timeline."""
    ensure_same_order(access, order_number.upper())
    order = load_order(session, order_number.upper())
    return [present_return(rma, settings, requested) for rma in returns_of_order(session, order)]


@router.post("/returns", status_code=201, response_model=ReturnOut)
def post_return(
    payload: ReturnIn,
    access: CustomerAccess,
    session: DbSession,
    policy: CurrentPolicy,
    settings: AppSettings,
    conversation_id: ScopedConversation,
    requested: RequestLocale,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    """Create a return: the policy decides, an RMA number and instructions come back."""
    payload = payload.model_copy(update={"locale": spoken(payload.locale, requested)})
    if not idempotency_key or len(idempotency_key) > 255:
        raise InvalidInput(f"send an {KEY_HEADER} header (1 to 255 characters, e.g. a UUID) with every return request")
    ensure_same_order(access, payload.order_number)
    # The conversation the return is told about later (chat notifications, escalations) is the
    # token's own: naming someone else's would post this return's news into their chat.
    conversation_in_scope(access, payload.conversation_id)

    # Lock the order first: a retry with the same key then waits for the first attempt and
    # replays its answer, instead of racing it for the same units.
    order = load_order(session, payload.order_number, for_update=True)

    def work() -> tuple[int, dict]:
        rma = create_return(
            session, policy, order, payload, actor=f"customer:{payload.channel}", conversation_id=conversation_id
        )
        body = present_return(rma, settings).model_dump(mode="json")
        if rma.status == RmaStatus.PENDING_REVIEW:
            # An agent sees the return in the queue without the customer having to ask.
            opened = open_for_review(session, rma, settings=settings, policy=policy)
            case = present_opened(opened, settings, payload.locale) if opened else None
            body["escalation"] = case.model_dump(mode="json") if case else None
        return 201, body

    stored = run_once(
        session,
        scope=f"returns:{payload.order_number}",
        key=idempotency_key,
        fingerprint=request_fingerprint(payload.model_dump(mode="json")),
        work=work,
    )
    headers = {"Idempotent-Replayed": "true"} if stored.replayed else {}
    return JSONResponse(stored.body, status_code=stored.status, headers=headers)


@router.get("/returns/{rma_number}", response_model=ReturnOut)
def get_return(rma: OwnedRma, settings: AppSettings, requested: RequestLocale) -> ReturnOut:
    """Status, decision, instructions and timeline of a return, for its verified owner."""
    return present_return(rma, settings, requested)


@router.post(
    "/returns/{rma_number}/cancel",
    response_model=ReturnOut,
    responses={
        404: {"description": "No such return for this verified order"},
        409: {"description": "The parcel is already on its way (or the return is over): it can no longer be cancelled"},
    },
)
def cancel_return(
    rma: OwnedRmaToChange, session: DbSession, settings: AppSettings, requested: RequestLocale
) -> ReturnOut:
    """Cancel a return before its parcel ships, for its verified owner; a cancelled one is answered as it is."""
    rma = cancel_by_customer(session, rma, locale=spoken(None, requested))
    return present_return(rma, settings, requested)


@router.get(
    "/returns/{rma_number}/exchange-options",
    response_model=ReturnExchangeOptionsOut,
    responses={
        404: {"description": "No such return for this verified order"},
        422: {"description": "A mistyped number, or no line_no for a return of several lines"},
    },
)
def get_return_exchange_options(
    rma: OwnedRma,
    session: DbSession,
    policy: CurrentPolicy,
    requested: RequestLocale,
    line_no: int | None = Query(None, ge=1, description="Which returned line; needed when the return has several"),
) -> ReturnExchangeOptionsOut:
    """The sizes and colours a return could still be exchanged for, or why it no longer can."""
    found = exchange_choices(session, policy, rma, line_no=line_no, locale=spoken(None, requested))
    line = found.line.order_line
    own = variant_of(session, line.sku)
    return ReturnExchangeOptionsOut(
        rma_number=format_rma_number(rma.number),
        status=rma.status,
        line_no=line.line_no,
        sku=line.sku,
        name=line.name,
        size=own.size if own else None,
        colour=own.colour if own else None,
        quantity=found.line.quantity,
        currency=rma.currency,
        held_sku=found.held_sku,
        refusal=found.refusal,
        options=[VariantOut.of(v) for v in found.options],
    )


@router.post(
    "/returns/{rma_number}/resolution",
    response_model=ReturnOut,
    responses={
        404: {"description": "No such return for this verified order"},
        409: {
            "description": "The parcel is already on its way (or the return is over), the policy does not offer "
            "that resolution here, or the size or colour is out of stock or dearer than the policy allows"
        },
        422: {"description": "No exchange_sku with an exchange, or a SKU that is not another size or colour"},
    },
)
def change_resolution(
    rma: OwnedRmaToChange,
    payload: ResolutionChangeIn,
    session: DbSession,
    policy: CurrentPolicy,
    settings: AppSettings,
    requested: RequestLocale,
) -> ReturnOut:
    """Make a return an exchange for another size or colour (or a refund again) before it ships, for its owner."""
    locale = spoken(None, requested)
    if payload.resolution == "exchange":
        sku = (payload.exchange_sku or "").upper()
        rma = change_to_exchange(session, policy, rma, sku=sku, line_no=payload.line_no, locale=locale)
    else:
        rma = change_to_refund(session, rma, locale=locale)
    return present_return(rma, settings, requested)


@router.post("/returns/{rma_number}/evidence", response_model=ReturnOut)
def post_return_evidence(
    rma: OwnedRmaToChange,
    payload: EvidenceIdsIn,
    conversation_id: Conversation,
    session: DbSession,
    policy: CurrentPolicy,
    settings: AppSettings,
    requested: RequestLocale,
) -> ReturnOut:
    """Add evidence to a return waiting for review; the policy decides again."""
    rma = add_evidence(session, policy, rma, payload.evidence_ids, conversation_id=conversation_id, actor="customer")
    return present_return(rma, settings, requested)
