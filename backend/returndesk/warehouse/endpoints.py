"""The warehouse station's API: receive a scanned parcel, see what to expect, record QC.

For the warehouse role, and supervisors and admins who stand in for it; every change needs a
console session with its CSRF token (a scanner types into the console page, which calls these).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, UploadFile
from fastapi import Path as PathParam

from ..auth import AppSettings
from ..db import DbSession, on_rollback
from ..evidence import service as evidence
from ..evidence.limits import read_upload
from ..evidence.storage import get_storage
from ..models import StaffUser
from ..policy.current import CurrentPolicy
from ..staff.auth import require_role
from .checklists import Checklists, get_checklists
from .inspection import INSPECTION_KIND, inspect
from .inventory import InventorySink, get_inventory_sink
from .presenter import photo_out, station_view
from .receiving import load_for_station, receive
from .schemas import InspectionIn, InspectionResultOut, MovementOut, PhotoOut, ReceiptIn, StationRmaOut

router = APIRouter(prefix="/warehouse", tags=["warehouse"])
STATION_ROLES = ("warehouse", "supervisor", "admin")
StationUser = Annotated[StaffUser, Depends(require_role(*STATION_ROLES))]
CurrentChecklists = Annotated[Checklists, Depends(get_checklists)]
CurrentSink = Annotated[InventorySink, Depends(get_inventory_sink)]
RmaNumber = Annotated[str, PathParam(min_length=1, max_length=64, description="Typed or scanned RMA number")]
PROBLEMS: dict[int | str, dict[str, Any]] = {
    404: {"description": "No return with that number"},
    409: {"description": "Not in a state for this step"},
}


@router.post("/receipts", status_code=201, response_model=StationRmaOut, responses=PROBLEMS)
def post_receipt(
    payload: ReceiptIn,
    request: Request,
    user: StationUser,
    session: DbSession,
    settings: AppSettings,
    rules: CurrentChecklists,
) -> StationRmaOut:
    """Receive a scanned or typed return (approved or in transit -> received), partially if need be."""
    rma = load_for_station(session, payload.rma_number)
    receive(session, rma, payload.lines, user=user)
    return station_view(session, rma, rules=rules, settings=settings, request=request)


@router.get("/rmas/{number}", response_model=StationRmaOut, responses=PROBLEMS)
def get_station_rma(
    number: RmaNumber,
    request: Request,
    user: StationUser,
    session: DbSession,
    settings: AppSettings,
    rules: CurrentChecklists,
) -> StationRmaOut:
    """What to expect in a parcel: lines, claimed reasons, the customer's photos, each line's checklist."""
    rma = load_for_station(session, number)
    return station_view(session, rma, rules=rules, settings=settings, request=request)


@router.post("/rmas/{number}/inspection", status_code=201, response_model=InspectionResultOut, responses=PROBLEMS)
def post_inspection(
    number: RmaNumber,
    payload: InspectionIn,
    request: Request,
    user: StationUser,
    session: DbSession,
    settings: AppSettings,
    policy: CurrentPolicy,
    rules: CurrentChecklists,
    sink: CurrentSink,
) -> InspectionResultOut:
    """Grade every line that arrived (received -> inspected); a finding against the claim opens a case."""
    rma = load_for_station(session, number)
    done = inspect(session, rma, payload.lines, user=user, rules=rules, sink=sink, settings=settings, policy=policy)
    line_no = {line.id: line.order_line.line_no for line in rma.lines}
    return InspectionResultOut(
        rma=station_view(session, rma, rules=rules, settings=settings, request=request),
        movements=[
            MovementOut(line_no=line_no[m.rma_line_id], sku=m.sku, quantity=m.quantity, disposition=m.disposition)
            for m in done.movements
        ],
        flagged=bool(done.mismatches),
        escalation_reference=done.case.reference if done.case else None,
    )


@router.post("/rmas/{number}/photos", status_code=201, response_model=PhotoOut, responses=PROBLEMS)
def post_inspection_photo(
    number: RmaNumber, file: UploadFile, request: Request, user: StationUser, session: DbSession, settings: AppSettings
) -> PhotoOut:
    """An inspection photo (multipart field `file`), stored as evidence of kind "inspection" on the return."""
    rma = load_for_station(session, number)
    prepared = evidence.prepare(read_upload(file))
    storage = get_storage()
    stored = evidence.store(session, storage, prepared, conversation_id=f"warehouse:{rma.number}", kind=INSPECTION_KIND)
    # If the row does not commit, the files it named must not outlive it.
    keys = (stored.file_key, stored.thumbnail_key)

    def delete_files() -> None:
        for key in keys:
            storage.delete(key)

    on_rollback(session, delete_files)
    stored.rma_id, stored.order_id = rma.id, rma.order_id
    return photo_out(settings, str(request.base_url).rstrip("/"), stored)
