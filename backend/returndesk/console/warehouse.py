"""The warehouse station page: scan (or type) an RMA, receive the parcel, grade each line.

A USB barcode scanner is a keyboard: it types the RMA number and presses Enter into the focused
scan box, so the page needs no driver — only a box that keeps the focus between parcels.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from ..warehouse.schemas import DISPOSITIONS, GRADES
from .pages import MaybeViewer, page

router = APIRouter(prefix="/console", include_in_schema=False)


@router.get("/warehouse", response_class=HTMLResponse)
def warehouse_page(request: Request, viewer: MaybeViewer) -> Response:
    """The station: scan box, what to expect, receive, then QC per line."""
    return page(request, viewer, "warehouse.html", section="warehouse", grades=GRADES, dispositions=DISPOSITIONS)
