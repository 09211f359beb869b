"""The desk's look-ups and the two return steps the API had only for customers: search, one return
with what the viewer may do, one customer, cancel on the customer's behalf, send the label again.

Desk roles only (agent to admin); the warehouse works on parcels at its station. Money, exchanges
and decisions are not here: the return page calls their own endpoints, which check authority.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query
from fastapi.encoders import jsonable_encoder

from .. import audit
from ..auth import AppSettings
from ..authority.current import CurrentAuthority
from ..db import DbSession
from ..errors import AuditedRefusal, Conflict, InvalidInput
from ..escalation.case_schemas import ReturnDecisionIn
from ..idempotency import KEY_HEADER
from ..label.notify import label_url_for, queue_label_ready
from ..models.rma_number import format_rma_number
from ..order.service import load_order
from ..policy.current import CurrentPolicy
from ..rma.dependencies import find_rma
from ..rma.service import cancel_by_customer
from ..staff.auth import DeskStaff
from .customer import customer_view, load_customer
from .decision import DecisionBeyondAuthority, decide_without_case
from .return_record import LABEL_STATUSES, return_record
from .schemas import SearchOut
from .search import MAX_PER_PAGE, search

router = APIRouter(prefix="/desk", tags=["desk"])
RmaNumber = Annotated[str, Path(max_length=40, description="The RMA number, e.g. RMA-MVBT-J5SF-GT37")]


class NoLabel(Conflict):
    title = "No label to send"


@router.get("/search", response_model=SearchOut)
def search_desk(
    user: DeskStaff,
    session: DbSession,
    q: Annotated[str, Query(max_length=200, description="An RMA number, order number, email or phone")],
    page: Annotated[int, Query(ge=1, le=1000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE)] = 20,
) -> SearchOut:
    """Returns, orders and customers that an RMA number, order number, email or phone names; one page of each."""
    return search(session, q, page=page, per_page=per_page)


@router.get("/returns/{rma_number}")
def get_return_record(
    rma_number: RmaNumber,
    user: DeskStaff,
    session: DbSession,
    matrix: CurrentAuthority,
    policy: CurrentPolicy,
    settings: AppSettings,
) -> Any:
    """One return: timeline, evidence, QC, money, exchange, label, cases, and the actions your role may take."""
    rma = find_rma(session, rma_number)
    return jsonable_encoder(return_record(session, rma, viewer=user, matrix=matrix, policy=policy, settings=settings))


@router.post(
    "/returns/{rma_number}/decision",
    responses={
        403: {"description": "Beyond your authority"},
        409: {"description": "Not waiting for review, or it has a case to be decided on"},
    },
)
def decide_return(
    rma_number: RmaNumber, payload: ReturnDecisionIn, user: DeskStaff, session: DbSession, matrix: CurrentAuthority
) -> dict[str, str]:
    """Approve or reject a return in review that has no case (one with a case is decided on it)."""
    rma = find_rma(session, rma_number)
    try:
        rma = decide_without_case(session, matrix, rma, user, decision=payload.decision, note=payload.note)
    except DecisionBeyondAuthority as refusal:
        # The attempt is undone; the refusal is audited.
        raise AuditedRefusal(
            refusal,
            partial(
                audit.record,
                kind=audit.Kind.AUTHORITY_REFUSED,
                actor=user.actor,
                role=user.role,
                order_id=rma.order_id,
                rma_id=rma.id,
                description=f"{user.actor} ({user.role}) was refused to {payload.decision} return "
                f"{format_rma_number(rma.number)}: {refusal.detail}",
                data={"rma_number": rma.number},
            ),
        ) from refusal
    return {"rma_number": format_rma_number(rma.number), "status": rma.status}


@router.post(
    "/returns/{rma_number}/cancel",
    responses={409: {"description": "The parcel is already on its way, or the return is over"}},
)
def cancel_for_customer(rma_number: RmaNumber, user: DeskStaff, session: DbSession) -> dict[str, str]:
    """Cancel a return for its customer (who phoned or wrote) before the parcel ships; the same rule as theirs."""
    rma = find_rma(session, rma_number)
    load_order(session, rma.order.number, for_update=True)  # one writer per order, as for the customer
    session.refresh(rma)
    rma = cancel_by_customer(session, rma, locale="en", actor=user.actor)
    return {"rma_number": format_rma_number(rma.number), "status": rma.status}


@router.post(
    "/returns/{rma_number}/label",
    responses={409: {"description": "The return has no parcel to send back (not approved, kept, or already back)"}},
)
def send_label_again(
    rma_number: RmaNumber,
    user: DeskStaff,
    session: DbSession,
    idempotency_key: Annotated[str | None, Header(alias=KEY_HEADER)] = None,
) -> dict[str, Any]:
    """Send the label link to the customer again (chat, email, SMS); one send per Idempotency-Key."""
    if not idempotency_key or len(idempotency_key) > 100:
        raise InvalidInput(f"send an {KEY_HEADER} header (1 to 100 characters, e.g. a UUID) with every resend")
    rma = find_rma(session, rma_number)
    shown = format_rma_number(rma.number)
    if rma.status not in {s.value for s in LABEL_STATUSES}:
        raise NoLabel(f"return {shown} is {rma.status.replace('_', ' ')}; a label is sent while the parcel is to come")
    if label_url_for(rma) is None:
        raise NoLabel(f"return {shown} has nothing to send back (every item is kept), so it has no label")
    # Empty when the customer has no chat and opted out of email and SMS: the page says so.
    channels = queue_label_ready(session, rma, occasion=f"desk-{idempotency_key}")
    return {"rma_number": shown, "channels": channels}


@router.get("/customers/{key}")
def get_customer(key: Annotated[str, Path(max_length=254)], user: DeskStaff, session: DbSession) -> Any:
    """One customer by email or id: orders, returns, return rate against the shop's, cases, offers, language."""
    return jsonable_encoder(customer_view(session, load_customer(session, key)))
