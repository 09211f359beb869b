"""Staff endpoints: refund a return to the original payment method, follow its payments, overdue
ones, and send a failed one again."""

from __future__ import annotations

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response

from .. import audit
from ..authority.current import CurrentAuthority
from ..db import DbSession, after_commit, answer_after_commit, get_sessionmaker
from ..errors import AuditedRefusal
from ..ledger import service as ledger
from ..models import StaffUser
from ..models.rma_number import format_rma_number
from ..payment_provider import get_payment_provider
from ..rma.dependencies import find_rma
from ..staff.auth import CurrentStaff, require_role
from . import failed, service
from .dependencies import CurrentPayment
from .presenter import present
from .schemas import PaymentOut, PaymentsOut, RefundIn, RefundOut
from .tasks import send

router = APIRouter(tags=["payments"])

# Who acts on money that did not arrive: not the warehouse, which never moves money.
MoneyStaff = Annotated[StaffUser, Depends(require_role("agent", "senior_agent", "supervisor", "admin"))]


@router.post(
    "/returns/{rma_number}/refund",
    status_code=201,
    response_model=RefundOut,
    responses={
        200: {"description": "Already refunded: the payments made the first time"},
        202: {"description": "Beyond your authority: an approval request (see /approvals); sent once approved"},
        403: {"description": "Beyond your authority"},
        409: {"description": "The return is not at a stage where it can be refunded"},
    },
)
def refund_return(
    rma_number: str, user: CurrentStaff, session: DbSession, matrix: CurrentAuthority, body: RefundIn | None = None
) -> Response:
    """Refund an inspected return (or a kept item) to the payment method the order was paid with."""
    rma = find_rma(session, rma_number)
    actor = ledger.Actor(name=user.actor, role=user.role, staff=user)
    provider = get_payment_provider()
    keep_item = body.keep_item if body else False
    try:
        refunded = service.refund_rma(session, matrix, rma, actor, provider, keep_item=keep_item)
    except ledger.BeyondAuthority as refusal:
        # The attempt is undone; the refusal is audited.
        raise AuditedRefusal(
            refusal,
            partial(
                audit.record,
                kind=audit.Kind.AUTHORITY_REFUSED,
                actor=actor.name,
                role=actor.role,
                order_id=rma.order_id,
                rma_id=rma.id,
                description=f"{actor.name} ({actor.role}) was refused the refund of return "
                f"{format_rma_number(rma.number)}: {refusal.detail}",
                data={"rma_number": rma.number},
            ),
        ) from refusal
    if refunded.approval is not None:
        return JSONResponse(refunded.approval.body, status_code=refunded.approval.status)
    work = service.outgoing(refunded.payments)
    if work:  # outside any transaction; the worker retries failures
        after_commit(session, lambda: send(get_sessionmaker(), provider, work))

    def answer() -> JSONResponse:  # what the provider said, once asked
        payments = service.payments_of(session, rma, purpose="refund")
        for payment in payments:
            session.refresh(payment)
        session.refresh(rma)
        body_out = RefundOut(
            rma_number=format_rma_number(rma.number),
            rma_status=rma.status,
            total_minor=sum(p.amount_minor for p in payments),
            currency=rma.currency,
            payments=[present(session, p) for p in payments],
        )
        return JSONResponse(jsonable_encoder(body_out), status_code=200 if refunded.replayed else 201)

    return answer_after_commit(session, answer)


@router.get("/returns/{rma_number}/payments", response_model=PaymentsOut)
def return_payments(rma_number: str, user: CurrentStaff, session: DbSession) -> PaymentsOut:
    """Every payment made for a return (refunds and exchange differences), oldest first."""
    rma = find_rma(session, rma_number)
    return PaymentsOut(payments=[present(session, p) for p in service.payments_of(session, rma)])


@router.get(
    "/payments/overdue",
    response_model=PaymentsOut,
    responses={403: {"description": "Not an agent, senior agent, supervisor or admin"}},
)
def overdue_payments(user: MoneyStaff, session: DbSession) -> PaymentsOut:
    """Refunds past the policy's refund deadline and not settled, and failed ones: for a person to act on."""
    return PaymentsOut(payments=[present(session, p) for p in service.overdue(session)])


@router.get("/payments/{payment_id}", response_model=PaymentOut)
def one_payment(user: CurrentStaff, payment: CurrentPayment, session: DbSession) -> PaymentOut:
    """One refund payment, with or without a return (e.g. a keep-item offer's)."""
    return present(session, payment)


@router.post(
    "/payments/{payment_id}/retry",
    response_model=PaymentOut,
    responses={
        200: {"description": "Sent again; or, when it is not failed (being retried, settled), its state unchanged"},
        403: {"description": "Not an agent, senior agent, supervisor or admin"},
        404: {"description": "No such payment"},
    },
)
def retry_payment(user: MoneyStaff, payment: CurrentPayment, session: DbSession) -> Response:
    """Send a failed refund to the provider again, once its cause is fixed (audited; two clicks, one attempt)."""
    retried = failed.retry(session, payment, user)
    work = service.outgoing([payment]) if retried else []
    if work:  # the worker's own path, retries included
        after_commit(session, lambda: send(get_sessionmaker(), get_payment_provider(), work))
    headers = {} if retried else {"Idempotent-Replayed": "true"}

    def answer() -> JSONResponse:
        if work:
            session.refresh(payment)
        return JSONResponse(jsonable_encoder(present(session, payment)), headers=headers)

    return answer_after_commit(session, answer)
