"""The desk's look-up pages: search, one return with its actions, one customer.

Shells like the other pages: the data and every action come from the JSON API (/api/v1/desk/...
and the refund, exchange, decision and close endpoints), which checks the role again.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, Response

from ..staff.auth import DESK_ROLES
from .pages import MaybeViewer, Viewer, page, render

router = APIRouter(prefix="/console", include_in_schema=False)


def _not_for_the_warehouse(viewer: Viewer) -> Response:
    return render(
        "message.html",
        status_code=403,
        user=viewer.user,
        csrf_token=viewer.csrf_token,
        title="Not allowed",
        message="Returns, orders and customers are looked up by the customer care team; "
        "scan a parcel at the warehouse station instead.",
    )


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, viewer: MaybeViewer, q: Annotated[str, Query(max_length=200)] = "") -> Response:
    """Find returns, orders and customers by RMA number, order number, email or phone."""
    if viewer is not None and viewer.user.role not in DESK_ROLES:
        return _not_for_the_warehouse(viewer)
    return page(request, viewer, "search.html", section="search", query=q)


@router.get("/returns/{rma_number}", response_class=HTMLResponse)
def return_page(
    request: Request,
    viewer: MaybeViewer,
    rma_number: Annotated[str, PathParam(pattern=r"^[A-Za-z0-9 -]{4,40}$")],
) -> Response:
    """One return: timeline, evidence, QC, money, exchange, label, and the actions the role allows."""
    if viewer is not None and viewer.user.role not in DESK_ROLES:
        return _not_for_the_warehouse(viewer)
    return page(request, viewer, "return.html", section="search", rma_number=rma_number.upper())


@router.get("/customers/{key}", response_class=HTMLResponse)
def customer_page(
    request: Request, viewer: MaybeViewer, key: Annotated[str, PathParam(min_length=1, max_length=254)]
) -> Response:
    """One customer: orders, returns, return rate against the shop's, earlier cases and offers, language."""
    if viewer is not None and viewer.user.role not in DESK_ROLES:
        return _not_for_the_warehouse(viewer)
    return page(request, viewer, "customer.html", section="search", customer_key=key)
