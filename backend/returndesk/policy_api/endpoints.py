"""HTTP endpoints for the policy: the machine-readable document, dry runs, the public page."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from ..auth import AppSettings, BearerCredentials, conversation_in_scope, ensure_same_order, require_order_access
from ..db import transaction
from ..evidence.callers import ConversationHeader
from ..kit.language import RequestLocale, spoken
from ..policy import evaluate
from ..policy.current import CurrentPolicy
from ..policy.page import render_policy_page
from ..policy.public import public_dict, summary_sections
from .schemas import EvaluateIn
from .service import request_from_facts, request_from_order

router = APIRouter(prefix="/policy", tags=["policy"])
page_router = APIRouter(include_in_schema=False)


@router.get("")
def get_policy(policy: CurrentPolicy, requested: RequestLocale, locale: str | None = None) -> dict:
    """The policy in force: rules in machine-readable form plus human text for the locale."""
    locale = spoken(locale, requested)
    sections = [{"heading": heading, "lines": lines} for heading, lines in summary_sections(policy, locale)]
    return public_dict(policy, locale) | {"sections": sections}


@router.post("/evaluate")
def evaluate_policy(
    payload: EvaluateIn,
    policy: CurrentPolicy,
    credentials: BearerCredentials,
    settings: AppSettings,
    requested: RequestLocale,
    conversation_id: ConversationHeader = None,
) -> dict:
    """Dry run: what the policy would decide for these facts. Stores nothing."""
    payload = payload.model_copy(update={"locale": spoken(payload.locale, requested)})
    if payload.order_number is None:
        request = request_from_facts(policy, payload)  # plain facts: no database at all
    else:
        access = require_order_access(credentials, settings)
        ensure_same_order(access, payload.order_number)
        scoped = conversation_in_scope(access, conversation_id)  # only the token's own chat's uploads count
        with transaction() as session:
            request = request_from_order(session, policy, payload, scoped)
    return evaluate(policy, request).to_dict()


@page_router.get("/policy", response_class=HTMLResponse)
def policy_page(policy: CurrentPolicy, requested: RequestLocale, locale: str | None = None) -> HTMLResponse:
    return HTMLResponse(render_policy_page(policy, spoken(locale, requested)))
