"""POST /ledger/entries: a refund, coupon or store credit, by the bot or a signed-in person.

It lives in payment, not in ledger, because booking may ask for an approval and sends a refund to
the card after the commit: both packages sit above the ledger, which they book into.

The shop token books as the bot (role bot: how the bot pays its keep-item offers); a console
session books as that person, with their role. Beyond their authority a person's movement
becomes an approval request (202) when some role's limits cover it; the bot is simply refused.
A refund is card money: booking it queues its payment (ledger/service.py), sent after the commit.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response
from sqlalchemy.orm import Session

from .. import audit
from ..approval import service as approvals
from ..approval.presenter import present as present_approval
from ..auth import AppSettings, BearerCredentials, require_shop
from ..authority import AuthorityMatrix
from ..authority.current import CurrentAuthority
from ..db import DbSession, after_commit, answer_after_commit, get_sessionmaker
from ..errors import AuditedRefusal, InvalidInput
from ..idempotency import KEY_HEADER, request_fingerprint
from ..ledger import repository as ledger_repository
from ..ledger import service as ledger
from ..ledger.notify import tell_customer
from ..ledger.queue import outgoing
from ..ledger.repository import spent
from ..ledger.schemas import LedgerEntryIn, LedgerEntryOut
from ..ledger.service import Actor, BeyondAuthority, RefundExceedsPaid
from ..payment_provider import get_payment_provider
from ..staff.auth import signed_in
from .tasks import send

router = APIRouter(tags=["ledger"])

IdempotencyKey = Annotated[
    str | None,
    Header(alias=KEY_HEADER, description="A unique key per movement; a retry with it returns the same answer"),
]


def ledger_caller(request: Request, credentials: BearerCredentials, settings: AppSettings, session: DbSession) -> Actor:
    """The shop token (the bot) or a console session (a person, CSRF-checked)."""
    if credentials is not None:
        require_shop(credentials, settings)
        return Actor(name="bot", role="bot")
    _, user = signed_in(request, session, None)
    return Actor(name=user.actor, role=user.role, staff=user)


LedgerCaller = Annotated[Actor, Depends(ledger_caller)]


@router.post(
    "/ledger/entries",
    status_code=201,
    response_model=LedgerEntryOut,
    responses={
        200: {"description": "A retry with the same Idempotency-Key: the entry booked the first time"},
        202: {"description": "Beyond your authority: an approval request was created (see /approvals)"},
        403: {"description": "Beyond any authority that could approve it, or the bot beyond its own"},
        409: {"description": "More than was paid for the line"},
    },
)
def book_entry(
    payload: LedgerEntryIn,
    caller: LedgerCaller,
    session: DbSession,
    matrix: CurrentAuthority,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Book a refund, coupon or store credit on an order line, within the caller's authority."""
    if not idempotency_key or len(idempotency_key) > 200:
        raise InvalidInput(f"send an {KEY_HEADER} header (1 to 200 characters, e.g. a UUID) with every movement")
    key = idempotency_key
    # The actor is part of the request: one key cannot be one person's refund and another's.
    fingerprint = request_fingerprint(payload.model_dump(mode="json") | {"actor": caller.name})
    existing = ledger_repository.entry_by_key(session, key)
    if existing is not None:
        return _entry_answer(session, ledger.replay(existing, fingerprint, key))
    if caller.staff is not None and (stored := approvals.replay_request(session, key, fingerprint)) is not None:
        return JSONResponse(stored.body, status_code=stored.status, headers={"Idempotent-Replayed": "true"})
    try:
        target = ledger.find_target(session, payload)
        refused = ledger.verdict_for(session, matrix, target, payload.kind, payload.amount_minor, caller)
        if refused is not None:
            required = _approver_role(matrix, caller, target, payload, session)
            if caller.staff is None or required is None:
                raise BeyondAuthority(refused.reason)
            ledger.refuse_if_over_balance(session, target, payload.kind, payload.amount_minor)
            staff = caller.staff
            stored = approvals.request_approval(
                session,
                target,
                kind=payload.kind,
                amount_minor=payload.amount_minor,
                requester=staff,
                required_role=required,
                reason=refused.reason,
                note=payload.note,
                key=key,
                fingerprint=fingerprint,
                present=lambda request: present_approval(session, matrix, request, staff),
            )
            return JSONResponse(stored.body, status_code=stored.status)
        booked = ledger.book(
            session,
            target,
            kind=payload.kind,
            amount_minor=payload.amount_minor,
            actor=caller,
            key=key,
            fingerprint=fingerprint,
            note=payload.note,
        )
    except (BeyondAuthority, RefundExceedsPaid) as refusal:
        # The attempt is undone; its audit event is kept.
        kind = (
            audit.Kind.AUTHORITY_REFUSED
            if isinstance(refusal, BeyondAuthority)
            else audit.Kind.LEDGER_OVER_PAID_REFUSED
        )
        record = partial(ledger.audit_refusal, payload=payload, actor=caller, reason=refusal.detail, kind=kind)
        raise AuditedRefusal(refusal, record) from refusal
    # The money is committed first; the provider and the chat are best effort and may be slow.
    work = outgoing([booked.payment])
    if work:  # a refund: to the card now; the settlement worker retries what this does not finish
        after_commit(session, lambda: send(get_sessionmaker(), get_payment_provider(), work))
    answer = answer_after_commit(session, lambda: _entry_answer(session, booked))
    if not booked.replayed and caller.staff is not None and target.case is not None and target.line is not None:
        words = ledger.customer_words(payload.kind, payload.amount_minor, target.order.currency, target.line.name)
        after_commit(
            session,
            partial(
                tell_customer,
                session,
                target.case,
                f"{words} is on its way.",
                agent_name=caller.staff.display_name,
                actor=caller.name,
                role=caller.role,
                order_id=target.order.id,
                ledger_entry_id=booked.entry.id,
            ),
        )
    return answer


def _approver_role(
    matrix: AuthorityMatrix, caller: Actor, target: ledger.Target, payload: LedgerEntryIn, session: Session
) -> str | None:
    """Who could approve it, if the caller's role may do this kind of movement at all (a role
    that may not refund does not get to ask for refunds)."""
    own = matrix.roles.get(caller.role)
    if caller.staff is None or own is None or payload.kind not in own.actions:
        return None
    on_case = spent(session, payload.kind, order_id=target.order.id).on_case_minor
    return approvals.covering_role(matrix, payload.kind, payload.amount_minor, on_case, target.order.currency)


def _entry_answer(session: Session, booked: ledger.Booked) -> JSONResponse:
    body = jsonable_encoder(LedgerEntryOut(**ledger.describe(session, booked.entry)))
    if booked.replayed:
        return JSONResponse(body, status_code=200, headers={"Idempotent-Replayed": "true"})
    return JSONResponse(body, status_code=201)
