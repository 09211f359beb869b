"""The return label PDF: for the verified owner, the shop, signed-in staff, or a signed link."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from ..auth import AppSettings, BearerCredentials, is_shop, require_order_access
from ..carrier import get_carrier
from ..db import DbSession
from ..errors import InvalidInput, Unauthorized
from ..models import Rma
from ..models.rma_number import InvalidRmaNumber, format_rma_number, parse_rma_number
from ..policy.current import CurrentPolicy
from ..rma import repository as rmas
from ..rma.dependencies import ReturnNotFound, load_rma
from ..staff.auth import COOKIE_NAME
from ..staff.service import session_for_cookie
from .destinations import Routing
from .routing import get_routing
from .service import label_pdf
from .signing import check_label_signature

router = APIRouter(tags=["returns"])
CurrentRouting = Annotated[Routing, Depends(get_routing)]


def _load_any(session: Session, number: str) -> Rma:
    rma = rmas.get_rma(session, number)
    if rma is None:
        raise ReturnNotFound("there is no return with that RMA number")
    return rma


def label_rma(
    rma_number: str,
    request: Request,
    session: DbSession,
    settings: AppSettings,
    credentials: BearerCredentials,
    expires: Annotated[int | None, Query(description="From a signed label link")] = None,
    signature: Annotated[str | None, Query(max_length=128, description="From a signed label link")] = None,
) -> Rma:
    """The return whose label is asked for, once the caller has shown they may see it."""
    try:
        number = parse_rma_number(rma_number)
    except InvalidRmaNumber as exc:
        raise InvalidInput(str(exc)) from None
    if expires is not None or signature is not None:
        if expires is None or not signature:
            raise InvalidInput("a label link needs both its expires and signature parameters; copy the whole link")
        check_label_signature(settings, number, expires, signature)
        return _load_any(session, number)
    if credentials is not None:
        if is_shop(credentials, settings):
            return _load_any(session, number)
        access = require_order_access(credentials, settings)
        # Someone else's return answers like a missing one: a token must not confirm other RMAs exist.
        return load_rma(session, number, order_number=access.order_number)
    cookie = request.cookies.get(COOKIE_NAME)
    if cookie and session_for_cookie(session, cookie) is not None:
        return _load_any(session, number)
    raise Unauthorized(
        "open the label link from your chat or email, or verify the order (POST /api/v1/verifications) "
        "and send the token as 'Authorization: Bearer <token>'"
    )


@router.get(
    "/returns/{rma_number}/label.pdf",
    response_class=Response,
    responses={
        200: {"content": {"application/pdf": {}}, "description": "The label, one A6 page per parcel"},
        502: {"description": "The carrier refused to book the parcel"},
        503: {"description": "The carrier could not be reached; try again"},
    },
)
def get_label_pdf(
    rma: Annotated[Rma, Depends(label_rma)], session: DbSession, policy: CurrentPolicy, routing: CurrentRouting
) -> Response:
    """Printable return label (A6, one page per parcel): the carrier's tracking barcode when booked, the RMA as QR
    code and Code128 barcode."""
    body = label_pdf(session, rma, policy, routing, get_carrier())
    filename = f"return-label-{format_rma_number(rma.number)}.pdf"
    return Response(
        body,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{filename}"', "Cache-Control": "private, no-store"},
    )
