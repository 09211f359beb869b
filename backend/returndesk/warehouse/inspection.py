"""QC at the bench: received -> inspected, each arrived line graded against its category's
checklist, sent on through the inventory sink, and checked against what the customer claimed.

A finding that contradicts the claimed reason (a "defective" item that works and is resalable,
an "unused" one with tags missing) flags the return and opens a case: a person decides, the
desk does not settle it automatically.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from .. import audit
from ..config import Settings
from ..errors import Conflict, InvalidInput
from ..escalation.schemas import EscalationIn
from ..escalation.service import open_escalation
from ..evidence import repository as evidence_repository
from ..models import Escalation, QcInspection, Rma, RmaLine, StaffUser
from ..models.rma_number import format_rma_number
from ..notification.service import enqueue
from ..policy import Policy
from ..rma.lifecycle import RmaStatus, StatusChanged, set_status
from ..webhooks import Event, emit
from ..webhooks.payloads import return_data
from .checklists import ChecklistItem, Checklists
from .inventory import InventorySink, Movement
from .repository import receipt_of
from .schemas import InspectedLineIn

S = RmaStatus
INSPECTION_KIND = "inspection"
QC_CHANNEL = "email"  # a flagged return has no chat to join: the case is a ticket


class NotInspectable(Conflict):
    title = "Return cannot be inspected"


@dataclass(frozen=True)
class Inspected:
    movements: list[Movement]
    mismatches: list[str]
    case: Escalation | None


def refuse_unless_inspectable(rma: Rma) -> None:
    number = format_rma_number(rma.number)
    if rma.status == S.RECEIVED:
        return
    if rma.status in (S.APPROVED, S.IN_TRANSIT):
        raise NotInspectable(f"return {number} has not been received yet; scan the parcel to receive it first")
    if rma.status in (S.INSPECTED, S.RESOLVED, S.CLOSED):
        raise NotInspectable(
            f"return {number} was already inspected; its grades are final — ask an agent to change them"
        )
    raise NotInspectable(f"return {number} is {rma.status.replace('_', ' ')}; there is nothing to inspect")


def mismatch_of(line: RmaLine, grade: str, answers: dict[str, bool], items: Sequence[ChecklistItem], rules: Checklists):
    """Why the finding contradicts the claimed reason, as a sentence for the agent; or None."""
    reason = line.reason.replace("_", " ")
    label = f"line {line.order_line.line_no} ({line.order_line.name})"
    works = [item for item in items if item.shows == "works"]
    if line.reason in rules.claimed_fault and grade == "resalable" and all(answers[i.id] for i in works):
        checks = f" and passed {', '.join(i.id for i in works)}" if works else ""
        return f"{label}: claimed {reason}, but graded resalable{checks}"
    used = [item.id for item in items if item.shows == "unused" and not answers[item.id]]
    if line.reason in rules.claimed_unused and used:
        return f"{label}: claimed {reason} (unused), but shows signs of use: {', '.join(used)} failed"
    return None


def _check_line(rma: Rma, line: RmaLine, given: InspectedLineIn, items: Sequence[ChecklistItem], photos) -> None:
    where = f"line {given.line_no} ({line.order_line.category})"
    ids = [item.id for item in items]
    missing = [i for i in ids if i not in given.checklist]
    if missing:
        raise InvalidInput(f"{where}: answer every checklist item yes or no; still open: {', '.join(missing)}")
    unknown = sorted(set(given.checklist) - set(ids))
    if unknown:
        raise InvalidInput(
            f"{where}: {', '.join(unknown)} is not on this category's checklist; its items are {', '.join(ids)}"
        )
    if given.disposition == "restock" and given.grade != "resalable":
        raise InvalidInput(
            f"{where}: only a resalable item can be restocked; choose repair, scrap, return_to_vendor "
            "or donate_recycle for a line graded " + given.grade
        )
    for evidence_id in given.evidence_ids:
        photo = photos.get(evidence_id)
        if photo is None or photo.rma_id != rma.id or photo.kind != INSPECTION_KIND:
            raise InvalidInput(
                f"{where}: {evidence_id} is not an inspection photo of this return; upload it with "
                f"POST /api/v1/warehouse/rmas/{format_rma_number(rma.number)}/photos"
            )


def inspect(
    session: Session,
    rma: Rma,
    lines: Sequence[InspectedLineIn],
    *,
    user: StaffUser,
    rules: Checklists,
    sink: InventorySink,
    settings: Settings,
    policy: Policy,
) -> Inspected:
    """Grade every line that arrived, in one go. Only flushes."""
    refuse_unless_inspectable(rma)
    receipt = receipt_of(session, rma)
    arrived = {r.rma_line_id: r.quantity_received for r in receipt.lines} if receipt else {}
    by_no = {line.order_line.line_no: line for line in rma.lines}
    wanted = sorted(no for no, line in by_no.items() if arrived.get(line.id, line.quantity) > 0)
    given_nos = [g.line_no for g in lines]
    for no in given_nos:
        if no not in by_no:
            raise InvalidInput(
                f"line {no} is not part of this return; its lines are {', '.join(map(str, sorted(by_no)))}"
            )
        if no not in wanted:
            raise InvalidInput(f"line {no} did not arrive (0 received); leave it out of the inspection")
    if len(set(given_nos)) != len(given_nos):
        raise InvalidInput("a line is listed twice; grade each line that arrived once")
    if sorted(given_nos) != wanted:
        open_lines = ", ".join(str(n) for n in wanted if n not in given_nos)
        raise InvalidInput(f"grade every line that arrived in one inspection; still to grade: line {open_lines}")
    all_ids = [e for g in lines for e in g.evidence_ids]
    photos = evidence_repository.by_public_ids(session, all_ids)
    for given in lines:
        line = by_no[given.line_no]
        _check_line(rma, line, given, rules.for_category(line.order_line.category), photos)

    graded = ", ".join(f"line {g.line_no} {g.grade} -> {g.disposition}" for g in lines)
    try:
        set_status(session, rma, expected=S.RECEIVED, to=S.INSPECTED, actor=user.actor, why=f"Inspected: {graded}")
    except StatusChanged:
        refuse_unless_inspectable(rma)
        raise
    movements, mismatches = [], []
    for given in lines:
        line = by_no[given.line_no]
        items = rules.for_category(line.order_line.category)
        mismatch = mismatch_of(line, given.grade, given.checklist, items, rules)
        if mismatch:
            mismatches.append(mismatch)
        session.add(
            QcInspection(
                rma_id=rma.id,
                rma_line_id=line.id,
                grade=given.grade,
                disposition=given.disposition,
                checklist=dict(given.checklist),
                notes=given.notes or None,
                evidence_ids=list(given.evidence_ids),
                mismatch=mismatch,
                inspected_by=user.actor,
            )
        )
        movement = Movement(
            rma_id=rma.id,
            rma_line_id=line.id,
            sku=line.order_line.sku,
            quantity=arrived.get(line.id, line.quantity),
            grade=given.grade,
            disposition=given.disposition,
            actor=user.actor,
        )
        sink.record(session, movement)
        movements.append(movement)
    _audit(
        session,
        rma,
        user,
        audit.Kind.WAREHOUSE_INSPECTED,
        f"Return {format_rma_number(rma.number)} inspected: {graded}",
    )
    case = _flag(session, rma, user, mismatches, settings=settings, policy=policy) if mismatches else None
    grades = [{"line_no": g.line_no, "grade": g.grade, "disposition": g.disposition} for g in lines]
    after_inspected(session, rma, flagged=bool(mismatches), grades=grades)
    return Inspected(movements=movements, mismatches=mismatches, case=case)


def _flag(session: Session, rma: Rma, user: StaffUser, mismatches: list[str], *, settings, policy) -> Escalation:
    number = format_rma_number(rma.number)
    rma.qc_mismatch = "; ".join(mismatches)
    opened = open_escalation(
        session,
        EscalationIn(
            conversation_id=f"qc:{number}",
            channel=QC_CHANNEL,
            trigger="qc_mismatch",
            order_number=rma.order.number,
            rma_number=rma.number,
            summary=f"QC of return {number} does not match the customer's claim. {rma.qc_mismatch}.",
            recommendation="Check the inspection photos and notes, then decide the refund before it is settled.",
        ),
        settings=settings,
        policy=policy,
        actor=user.actor,
    )
    _audit(
        session,
        rma,
        user,
        audit.Kind.WAREHOUSE_QC_MISMATCH,
        f"Return {number} flagged for an agent ({opened.case.reference}): {rma.qc_mismatch}",
        escalation_id=opened.case.id,
    )
    return opened.case


def _audit(session: Session, rma: Rma, user: StaffUser, kind: audit.Kind, description: str, **extra) -> None:
    audit.record(
        session,
        kind,
        actor=user.actor,
        role=user.role,
        order_id=rma.order_id,
        rma_id=rma.id,
        description=description,
        **extra,
    )


def after_inspected(session: Session, rma: Rma, *, flagged: bool, grades: list[dict[str, Any]]) -> None:
    """The customer and the shop's systems hear of it in the same transaction as the inspection."""
    next_step = (
        "a member of our team reviews the findings and will contact you before anything is settled."
        if flagged
        else "we settle your return as you asked; you will hear from us when it is done."
    )
    enqueue(session, "inspected", rma, next_step=next_step)
    emit(session, Event.RETURN_GRADED, return_data(rma, grades=grades, flagged=flagged))
