"""The returns service application: routers, error handling, health."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy import text

from .analytics.conversations.endpoints import router as conversation_metrics_router
from .analytics.endpoints import router as analytics_router
from .analytics.insights_endpoints import router as insights_router
from .api_docs.endpoints import docs_router
from .approval.endpoints import router as approvals_router
from .audit_log.endpoints import router as audit_router
from .authority import AuthorityError
from .authority.current import get_authority
from .chat.endpoints import router as chat_router
from .config import get_settings
from .console import install_console
from .console.warehouse import router as warehouse_page_router
from .console.webhooks import router as webhooks_page_router
from .db import DbSession
from .desk.endpoints import router as desk_router
from .errors import install_error_handlers
from .escalation.case_endpoints import router as cases_router
from .escalation.endpoints import escalations as escalations_router
from .evidence.endpoints import catalogue_router
from .evidence.endpoints import router as evidence_router
from .evidence.limits import upload_limit
from .exchange.endpoints import router as exchanges_router
from .kit.body_limit import BodyLimit, BodySizeLimit
from .kit.cors import ChatSessionsCors
from .label.endpoints import router as label_router
from .label.routing import get_routing
from .ledger.endpoints import router as ledger_router
from .notification.endpoints import router as notifications_router
from .offer.endpoints import router as offers_router
from .order.endpoints import router as orders_router
from .payment.endpoints import router as payments_router
from .payment.ledger_endpoints import router as ledger_booking_router
from .policy import PolicyError
from .policy.current import get_policy
from .policy_api.endpoints import page_router as policy_page_router
from .policy_api.endpoints import router as policy_router
from .returns.endpoints import router as returns_router
from .returns.on_behalf import router as on_behalf_router
from .rma.endpoints import router as closing_router
from .sent_mail.endpoints import router as sent_mail_router
from .staff.endpoints import roles_router as staff_roles_router
from .staff.endpoints import router as staff_router
from .storefront.endpoints import router as storefront_router
from .storefront.service import WIDGET_PUBLIC_DIR
from .tracking.dependencies import MAX_EVENT_BYTES
from .tracking.endpoints import router as tracking_router
from .verification.endpoints import router as verification_router
from .vocabulary.endpoints import router as vocabulary_router
from .warehouse.checklists import get_checklists
from .warehouse.endpoints import router as warehouse_router
from .webhooks.endpoints import router as webhooks_router

API_PREFIX = "/api/v1"
log = logging.getLogger("returndesk")


@asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    # Load the policy before serving anything: a broken file stops the start with its message,
    # instead of failing the first customer's request.
    try:
        policy = get_policy()
    except PolicyError as error:
        log.error("cannot start: the return policy is invalid: %s", error)
        raise SystemExit(1) from None
    log.info("return policy %s version %s loaded", policy.id, policy.version)
    try:
        routing = get_routing()
    except PolicyError as error:
        log.error("cannot start: the routing file is invalid: %s", error)
        raise SystemExit(1) from None
    log.info("routing: %d destinations, %d routes", len(routing.destinations), len(routing.routes))
    try:
        checklists = get_checklists()
    except PolicyError as error:
        log.error("cannot start: the QC checklists are invalid: %s", error)
        raise SystemExit(1) from None
    log.info("QC checklists for %d categories loaded", len(checklists.by_category))
    try:
        authority = get_authority()
    except AuthorityError as error:
        log.error("cannot start: the authority matrix is invalid: %s", error)
        raise SystemExit(1) from None
    log.info("authority matrix %s loaded (%d roles)", authority.source, len(authority.roles))
    yield


def create_app() -> FastAPI:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    app = FastAPI(
        title="ReturnDesk returns service",
        version="0.1.0",
        description="Orders, verification, the return policy and RMAs. Errors are RFC 9457 problem+json.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        # Served by api_docs instead, with Swagger UI and ReDoc from the service, not a CDN.
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    install_error_handlers(app)
    api = APIRouter(prefix=API_PREFIX)
    api.add_api_route("/healthz", healthz, methods=["GET"], tags=["health"])
    routers = (
        orders_router,
        verification_router,
        policy_router,
        returns_router,
        escalations_router,
        cases_router,
        chat_router,
    )
    for router in (
        *routers,
        evidence_router,
        catalogue_router,
        ledger_booking_router,
        ledger_router,
        offers_router,
        approvals_router,
        audit_router,
        staff_roles_router,
        on_behalf_router,
        staff_router,
        notifications_router,
        sent_mail_router,
        label_router,
        tracking_router,
        payments_router,
        exchanges_router,
        warehouse_router,
        closing_router,
        analytics_router,
        insights_router,
        conversation_metrics_router,
        vocabulary_router,
        webhooks_router,
        desk_router,
    ):
        api.include_router(router)
    app.include_router(api)
    app.include_router(docs_router(title=app.title, openapi_url=app.openapi_url or "", prefix=API_PREFIX))
    app.include_router(policy_page_router)
    app.include_router(storefront_router)
    install_console(app)
    app.include_router(warehouse_page_router)
    app.include_router(webhooks_page_router)
    # After the storefront router, whose /widget/socket.io.min.js route comes from node_modules.
    app.mount("/widget", StaticFiles(directory=WIDGET_PUBLIC_DIR), name="widget")
    # Inside the CORS middlewares, so a browser can read its 413.
    uploads = (f"{API_PREFIX}/evidence", f"{API_PREFIX}/catalogue/images", f"{API_PREFIX}/warehouse/rmas/[^/]+/photos")
    # The carrier's tracking events are tiny: their own, smaller limit (read again as they stream).
    events = BodyLimit(
        re.compile(f"{API_PREFIX}/carrier/events"),
        MAX_EVENT_BYTES,
        "Event too large",
        f"A tracking event is at most {MAX_EVENT_BYTES} bytes: send one event per request.",
    )
    app.add_middleware(BodySizeLimit, uploads=(*(upload_limit(path) for path in uploads), events))
    # The widget on a shop's pages opens chat sessions from the shop's origin.
    app.add_middleware(ChatSessionsCors, path=f"{API_PREFIX}/chat/sessions", origins=_chat_origins)
    # ... and uploads photos from there, with its chat token.
    app.add_middleware(
        ChatSessionsCors,
        path=f"{API_PREFIX}/evidence",
        origins=_chat_origins,
        allowed_headers="Authorization, Content-Type",
        action="upload evidence",
    )
    return app


def _chat_origins() -> frozenset[str]:
    return get_settings().chat_origins


def healthz(session: DbSession) -> dict[str, str]:
    """Liveness and database reachability."""
    session.execute(text("SELECT 1"))
    return {"status": "ok"}


app = create_app()
