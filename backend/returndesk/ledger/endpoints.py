"""POST /ledger/entries: a refund, coupon or store credit, for now on the shop token.

Stand-in until agent login exists: the caller authenticates with the shop's API token and names
`actor` and `role` in the body. The agent console replaces both with the signed-in user's.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from ..auth import ShopCaller
from ..authority.current import CurrentAuthority
from ..db import DbSession
from ..errors import InvalidInput, problem
from ..idempotency import KEY_HEADER, request_fingerprint
from . import service
from .schemas import LedgerEntryIn, LedgerEntryOut

router = APIRouter(tags=["ledger"], dependencies=[ShopCaller])

IdempotencyKey = Annotated[
    str | None,
    Header(alias=KEY_HEADER, description="A unique key per movement; a retry with it returns the same entry"),
]


@router.post(
    "/ledger/entries",
    status_code=201,
    response_model=LedgerEntryOut,
    responses={403: {"description": "Beyond the role's authority"}, 409: {"description": "More than was paid"}},
)
def book_entry(
    payload: LedgerEntryIn, session: DbSession, matrix: CurrentAuthority, idempotency_key: IdempotencyKey = None
) -> JSONResponse:
    """Book a refund, coupon or store credit on an order line, within the actor's authority."""
    if not idempotency_key or len(idempotency_key) > 200:
        raise InvalidInput(f"send an {KEY_HEADER} header (1 to 200 characters, e.g. a UUID) with every movement")
    fingerprint = request_fingerprint(payload.model_dump(mode="json"))
    try:
        booked = service.book_movement(session, matrix, payload, key=idempotency_key, fingerprint=fingerprint)
    except (service.BeyondAuthority, service.RefundExceedsPaid) as refusal:
        # Returned, not raised: the attempt is undone but its audit event must be committed.
        session.rollback()
        kind = "authority.refused" if isinstance(refusal, service.BeyondAuthority) else "ledger.over_paid_refused"
        service.audit_refusal(session, payload, refusal.detail, kind)
        session.commit()
        return problem(refusal.status, refusal.title, refusal.detail)
    body = jsonable_encoder(LedgerEntryOut(**service.describe(session, booked.entry)))
    if booked.replayed:
        return JSONResponse(body, status_code=200, headers={"Idempotent-Replayed": "true"})
    return JSONResponse(body, status_code=201)
