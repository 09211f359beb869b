"""What the station shows for a return: what to expect, what arrived, how it was graded."""

from __future__ import annotations

from fastapi import Request
from sqlalchemy.orm import Session

from ..config import Settings
from ..evidence.repository import evidence_of_rma
from ..evidence.signing import signed_path
from ..models import Evidence, Rma
from ..models.rma_number import format_rma_number
from ..rma.lifecycle import RmaStatus
from . import repository
from .checklists import Checklists
from .inspection import INSPECTION_KIND
from .repository import receipt_of
from .schemas import ChecklistItemOut, ExpectedLineOut, InspectionOut, PhotoOut, StationRmaOut

S = RmaStatus
NEXT_STEP = {
    S.APPROVED: "Receive the parcel: check the units against the lines and press Receive.",
    S.IN_TRANSIT: "Receive the parcel: check the units against the lines and press Receive.",
    S.RECEIVED: "Grade each line that arrived: answer its checklist, choose grade and disposition.",
    S.INSPECTED: "Done at the station: the return is inspected.",
    S.RESOLVED: "Done at the station: the return is settled.",
    S.CLOSED: "Done at the station: the return is closed.",
    S.CANCELLED: "Do not accept: the return was cancelled. Set the parcel aside for an agent.",
    S.REJECTED: "Do not accept: the return was rejected. Set the parcel aside to go back to the customer.",
    S.REQUESTED: "Not approved yet: set the parcel aside and ask an agent to decide the return.",
    S.PENDING_REVIEW: "Not approved yet: set the parcel aside and ask an agent to decide the return.",
}


def photo_out(settings: Settings, base: str, evidence: Evidence) -> PhotoOut:
    return PhotoOut(
        evidence_id=evidence.public_id,
        kind=evidence.kind,
        thumbnail_url=base + signed_path(settings, evidence.public_id, "thumbnail"),
    )


def station_view(
    session: Session, rma: Rma, *, rules: Checklists, settings: Settings, request: Request
) -> StationRmaOut:
    base = str(request.base_url).rstrip("/")
    receipt = receipt_of(session, rma)
    arrived = {r.rma_line_id: r.quantity_received for r in receipt.lines} if receipt else {}
    inspections = repository.inspections_by_line(session, rma)
    photos = evidence_of_rma(session, rma.id)
    lines = []
    for line in sorted(rma.lines, key=lambda line: line.order_line.line_no):
        found = inspections.get(line.id)
        lines.append(
            ExpectedLineOut(
                line_no=line.order_line.line_no,
                sku=line.order_line.sku,
                name=line.order_line.name,
                category=line.order_line.category,
                quantity_expected=line.quantity,
                quantity_received=arrived.get(line.id) if receipt else None,
                reason=line.reason,
                note=line.note,
                checklist=[
                    ChecklistItemOut(id=item.id, question=item.question, shows=item.shows)
                    for item in rules.for_category(line.order_line.category)
                ],
                inspection=InspectionOut(
                    grade=found.grade,
                    disposition=found.disposition,
                    checklist=found.checklist,
                    notes=found.notes,
                    evidence_ids=found.evidence_ids,
                    mismatch=found.mismatch,
                    inspected_by=found.inspected_by,
                    inspected_at=found.created_at,
                )
                if found
                else None,
            )
        )
    return StationRmaOut(
        rma_number=format_rma_number(rma.number),
        status=rma.status,
        order_number=rma.order.number,
        customer_name=rma.order.customer.name,
        received_at=receipt.created_at if receipt else None,
        received_by=receipt.received_by if receipt else None,
        partial=receipt.partial if receipt else None,
        qc_mismatch=rma.qc_mismatch,
        lines=lines,
        customer_photos=[photo_out(settings, base, e) for e in photos if e.kind != INSPECTION_KIND],
        inspection_photos=[photo_out(settings, base, e) for e in photos if e.kind == INSPECTION_KIND],
        next_step=NEXT_STEP[S(rma.status)],
    )
