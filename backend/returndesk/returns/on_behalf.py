"""An agent opens a return for a customer who phoned or emailed: the bot's path, the agent's name.

Who may: any console role whose authority includes `approve_return` (agents, senior agents,
supervisors, admins; not the warehouse), read from the authority matrix so a deployment can
change it. The agent states how the customer identified themself (the email or phone used at
checkout), checked and counted exactly like POST /verifications, so a phone call cannot be used
to try contact details the chat would refuse. The return is then created by the same
create_return as the bot's (same policy, same decision, same explanations), requested by the
agent, with channel "phone" or "email", and the answer has the shape of POST /returns.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Header
from fastapi.responses import JSONResponse
from pydantic import EmailStr, Field, field_validator, model_validator

from .. import audit
from ..auth import AppSettings
from ..authority import Allowed, check
from ..authority.current import CurrentAuthority
from ..db import DbSession
from ..errors import Forbidden, InvalidInput, problem
from ..escalation.presenter import present_opened
from ..escalation.service import open_for_review
from ..idempotency import KEY_HEADER, request_fingerprint, run_once
from ..kit.schemas import EvidenceId, Locale, OrderNumber, Phone, Quantity, Strict
from ..models import StaffUser
from ..models.rma_number import format_rma_number
from ..order.service import load_order
from ..policy.current import CurrentPolicy
from ..policy.reasons import ReasonCode
from ..rma.lifecycle import RmaStatus
from ..staff.auth import CurrentStaff
from ..verification.schemas import VerificationIn
from ..verification.service import verify_order
from .presenter import present_return
from .schemas import ReturnableItems, ReturnIn, ReturnLineIn, ReturnOut
from .service import create_return, returnable_items

router = APIRouter(prefix="/staff", tags=["returns"])


class OnBehalfLineIn(Strict):
    line_no: int = Field(ge=1)
    quantity: Quantity = 1
    reason: ReasonCode | None = Field(None, description="Defaults to the request's `reason`")
    note: str | None = Field(None, max_length=2000)


class OnBehalfIn(Strict):
    order_number: OrderNumber
    customer_email: EmailStr | None = Field(None, description="As the customer gave it; checked against the order")
    customer_phone: Phone | None = Field(None, description="Instead of the email")
    channel: Literal["phone", "email"] = Field(description="How the customer contacted the desk")
    lines: list[OnBehalfLineIn] = Field(min_length=1, max_length=100)
    reason: ReasonCode | None = Field(None, description="For every line that names none")
    resolution: Literal["refund", "exchange", "store_credit"] | None = None
    answers: dict[str, bool] = Field(default_factory=dict)
    evidence_ids: list[EvidenceId] = Field(default_factory=list, max_length=20)
    note: str | None = Field(None, max_length=2000, description="What the customer said, for the audit log")
    locale: Locale = "en"

    @model_validator(mode="after")
    def _identified_with_reasons(self) -> OnBehalfIn:
        if (self.customer_email is None) == (self.customer_phone is None):
            raise ValueError("give customer_email or customer_phone (one of them), as the customer stated it")
        if self.reason is None and any(line.reason is None for line in self.lines):
            raise ValueError("give a reason for every line, or one `reason` for all of them")
        return self

    @field_validator("lines")
    @classmethod
    def _distinct_lines(cls, lines: list[OnBehalfLineIn]) -> list[OnBehalfLineIn]:
        if len({line.line_no for line in lines}) != len(lines):
            raise ValueError("name each order line once; put the whole quantity on one entry")
        return lines

    def as_return(self) -> ReturnIn:
        """The bot's request body: from here on the two paths are one."""
        return ReturnIn(
            order_number=self.order_number,
            lines=[
                ReturnLineIn(
                    line_no=line.line_no, quantity=line.quantity, reason=line.reason or self.reason, note=line.note
                )
                for line in self.lines
            ],
            answers=self.answers,
            preferred_resolution=self.resolution,
            channel=self.channel,
            conversation_id=None,
            locale=self.locale,
            evidence_ids=self.evidence_ids,
        )


def may_open_returns(user: CurrentStaff, matrix: CurrentAuthority) -> StaffUser:
    if not isinstance(check(matrix, user.role, "approve_return"), Allowed):
        raise Forbidden(f"your role ({user.role.replace('_', ' ')}) may not open returns for customers")
    return user


ReturnsAgent = Annotated[StaffUser, Depends(may_open_returns)]
IdempotencyKey = Annotated[
    str | None, Header(alias=KEY_HEADER, description="A unique key per return (e.g. a UUID); a retry replays")
]


@router.get("/orders/{order_number}/returnable-items", response_model=ReturnableItems)
def get_returnable_items_for_staff(
    order_number: str, agent: ReturnsAgent, session: DbSession, policy: CurrentPolicy, locale: str = "en"
) -> ReturnableItems:
    """Per order line: returnable or not, why and until when; for the console's return form."""
    return returnable_items(session, policy, load_order(session, order_number.strip().upper()), locale)


@router.post(
    "/returns",
    status_code=201,
    response_model=ReturnOut,
    responses={403: {"description": "The customer's email or phone does not match the order"}},
)
def post_return_on_behalf(
    payload: OnBehalfIn,
    agent: ReturnsAgent,
    session: DbSession,
    policy: CurrentPolicy,
    settings: AppSettings,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    """Open a return for a customer who phoned or emailed, through the same policy as the chat."""
    if not idempotency_key or len(idempotency_key) > 255:
        raise InvalidInput(f"send an {KEY_HEADER} header (1 to 255 characters, e.g. a UUID) with every return request")
    load_order(session, payload.order_number)  # an unknown order is a plain 404 for a signed-in agent
    identity = VerificationIn(
        order_number=payload.order_number, email=payload.customer_email, phone=payload.customer_phone
    )
    if verify_order(session, settings, identity, client_key=f"staff:{agent.username}").order is None:
        # Returned, not raised: the failed attempt is committed and counts against the limits.
        given = "email address" if payload.customer_email else "phone number"
        return problem(
            403,
            "Not verified",
            f"the {given} the customer gave does not match order {payload.order_number}; "
            "ask for the one used at checkout",
        )
    order = load_order(session, payload.order_number, for_update=True)  # one writer per order

    def work() -> tuple[int, dict]:
        rma = create_return(session, policy, order, payload.as_return(), actor=agent.actor)
        _audit(session, agent, payload, rma)
        body = present_return(rma, settings).model_dump(mode="json")
        if rma.status == RmaStatus.PENDING_REVIEW:
            # Someone with the authority decides it from the queue, answering the customer by email.
            opened = open_for_review(session, rma, settings=settings, policy=policy)
            body["escalation"] = present_opened(opened, settings).model_dump(mode="json") if opened else None
        return 201, body

    stored = run_once(
        session,
        scope=f"staff-returns:{payload.order_number}",
        key=idempotency_key,
        fingerprint=request_fingerprint(payload.model_dump(mode="json") | {"actor": agent.actor}),
        work=work,
    )
    headers = {"Idempotent-Replayed": "true"} if stored.replayed else {}
    return JSONResponse(stored.body, status_code=stored.status, headers=headers)


def _audit(session, agent: StaffUser, payload: OnBehalfIn, rma) -> None:
    outcome = rma.decision.get("outcome", rma.status)
    identified = "email" if payload.customer_email else "phone number"
    audit.record(
        session,
        audit.Kind.RETURN_OPENED_ON_BEHALF,
        actor=agent.actor,
        role=agent.role,
        order_id=rma.order_id,
        rma_id=rma.id,
        description=f"{agent.actor} ({agent.role}) opened return {format_rma_number(rma.number)} on order "
        f"{payload.order_number} for a customer who contacted us by {payload.channel} (identified by "
        f"{identified}); the policy said {outcome}" + (f". Customer said: {payload.note}" if payload.note else ""),
        data={
            "channel": payload.channel,
            "identified_by": identified,
            "outcome": outcome,
            "rule_ids": rma.decision.get("rule_ids", []),
        },
    )
