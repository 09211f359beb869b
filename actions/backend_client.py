"""The one typed client the actions use to reach the returns service.

Every call has a timeout and a bounded number of retries for failures that are safe to retry:
connection errors, timeouts and 5xx. A create call carries an Idempotency-Key that the caller
keeps in the conversation, so a retried or duplicated action never creates two returns.
Calls are blocking (`requests`); actions run them in a worker thread (`call_service`) so the
action server's event loop keeps serving other conversations meanwhile. `call_service` also says
which conversation a call is for: every request then carries its language as `Accept-Language`,
and the service words what the customer reads (a decision's explanations, a case's next steps)
in it.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import requests
from rasa_sdk import Tracker

from .language import language_of

log = logging.getLogger(__name__)

SERVICE_URL = os.environ.get("RETURNDESK_SERVICE_URL", "http://127.0.0.1:8000/api/v1").rstrip("/")
SERVICE_TOKEN = os.environ.get("RETURNDESK_SHOP_API_TOKEN", "dev-shop-token")
TIMEOUT_SECONDS = float(os.environ.get("RETURNDESK_SERVICE_TIMEOUT", "5"))
ATTEMPTS = 3
BACKOFF_SECONDS = 0.3

T = TypeVar("T")

# The language ("en", "zh") of the conversation the current call is made for; set by call_service
# in the worker thread's own context, so concurrent conversations never see each other's.
_LANGUAGE: contextvars.ContextVar[str | None] = contextvars.ContextVar("returndesk_language", default=None)


class ServiceUnavailable(Exception):
    """The service could not be reached or failed; nothing the customer did is wrong."""


@dataclass
class Refused(Exception):
    """The service said no (4xx): `detail` is a sentence meant for people."""

    status: int
    detail: str
    body: dict[str, Any]

    def __str__(self) -> str:
        return f"{self.status}: {self.detail}"


class ReturnsService:
    def __init__(self, base_url: str = SERVICE_URL, service_token: str = SERVICE_TOKEN) -> None:
        self.base_url = base_url
        self.service_token = service_token
        self.http = requests.Session()

    # --- customer verification and order data -------------------------------------------
    def verify(
        self, conversation_id: str, contact: str, *, order_number: str | None = None, rma_number: str | None = None
    ) -> dict[str, Any]:
        field = "email" if "@" in contact else "phone"
        body = {field: contact, "order_number": order_number, "rma_number": rma_number}
        headers = {"X-ReturnDesk-Conversation": conversation_id, **self._service_auth()}
        return self._request("POST", "/verifications", json={k: v for k, v in body.items() if v}, headers=headers)

    def returnable_items(self, token: str, order_number: str) -> dict[str, Any]:
        return self._request("GET", f"/orders/{order_number}/returnable-items", headers=_bearer(token))

    def exchange_options(self, token: str, order_number: str, line_no: int, quantity: int) -> dict[str, Any]:
        """The line's other sizes and colours in stock, each with its price difference under the policy."""
        path = f"/orders/{order_number}/lines/{line_no}/exchange-options"
        return self._request("GET", path, params={"quantity": quantity}, headers=_bearer(token))

    def preview(
        self,
        token: str,
        order_number: str,
        lines: list[dict[str, Any]],
        answers: dict[str, bool],
        preferred_resolution: str | None = None,
        *,
        evidence_ids: list[str] | None = None,
        conversation_id: str | None = None,
    ) -> dict[str, Any]:
        body: dict[str, Any] = {
            "order_number": order_number,
            "lines": lines,
            "answers": answers,
            "preferred_resolution": preferred_resolution,
        }
        headers = _bearer(token)
        if evidence_ids:  # the service counts them per kind, only if they belong to the conversation
            body["evidence_ids"] = evidence_ids
            headers |= _conversation(conversation_id)
        return self._request("POST", "/policy/evaluate", json=body, headers=headers)

    def create_return(
        self, token: str, idempotency_key: str, body: dict[str, Any], *, conversation_id: str | None = None
    ) -> dict[str, Any]:
        headers = {**_bearer(token), "Idempotency-Key": idempotency_key}
        if body.get("evidence_ids"):
            headers |= _conversation(conversation_id)
        return self._request("POST", "/returns", json=body, headers=headers)

    # --- keep-the-item offers ----------------------------------------------------------------
    def next_offer(
        self, token: str, *, conversation_id: str, order_number: str, line_no: int, reason: str, quantity: int
    ) -> dict[str, Any] | None:
        """The open or next keep-the-item offer for the line, or None (204: go on with the return).

        Safe to retry: the service serves an unanswered offer again instead of stepping up."""
        body = {
            "conversation_id": conversation_id,
            "order_number": order_number,
            "line_no": line_no,
            "reason": reason,
            "quantity": quantity,
        }
        return self._request("POST", "/offers", json=body, headers=_bearer(token)) or None

    def answer_offer(self, token: str, offer_id: int, accept: bool) -> dict[str, Any]:
        """Accept (the service books the money as the bot, once) or decline; a retry replays."""
        return self._request("POST", f"/offers/{offer_id}/answer", json={"accept": accept}, headers=_bearer(token))

    # --- evidence ----------------------------------------------------------------------------
    def evidence(self, token: str, conversation_id: str, evidence_id: str) -> dict[str, Any]:
        """An upload's metadata and a fresh signed thumbnail link; 404 unless it is this chat's."""
        headers = {**_bearer(token), **_conversation(conversation_id)}
        return self._request("GET", f"/evidence/{evidence_id}", headers=headers)

    def add_return_evidence(
        self, token: str, conversation_id: str, rma_number: str, evidence_ids: list[str]
    ) -> dict[str, Any]:
        headers = {**_bearer(token), **_conversation(conversation_id)}
        body = {"evidence_ids": evidence_ids}
        return self._request("POST", f"/returns/{rma_number}/evidence", json=body, headers=headers)

    def get_return(self, token: str, rma_number: str) -> dict[str, Any]:
        return self._request("GET", f"/returns/{rma_number}", headers=_bearer(token))

    def cancel_return(self, token: str, rma_number: str) -> dict[str, Any]:
        return self._request("POST", f"/returns/{rma_number}/cancel", headers=_bearer(token))

    def order_returns(self, token: str, order_number: str) -> list[dict[str, Any]]:
        return self._request("GET", f"/orders/{order_number}/returns", headers=_bearer(token))

    def return_exchange_options(self, token: str, rma_number: str, line_no: int | None = None) -> dict[str, Any]:
        """The sizes and colours a return could still become an exchange for, or the service's
        sentence saying why it no longer can (`refusal`)."""
        params = {"line_no": line_no} if line_no else None
        return self._request("GET", f"/returns/{rma_number}/exchange-options", params=params, headers=_bearer(token))

    def change_resolution(
        self,
        token: str,
        rma_number: str,
        resolution: str,
        *,
        exchange_sku: str | None = None,
        line_no: int | None = None,
    ) -> dict[str, Any]:
        """Make a return an exchange for `exchange_sku` (or a refund again) before it ships. Safe to
        retry: the same answer again is answered with the return as it is."""
        body: dict[str, Any] = {"resolution": resolution}
        if exchange_sku:
            body["exchange_sku"] = exchange_sku
        if line_no:
            body["line_no"] = line_no
        return self._request("POST", f"/returns/{rma_number}/resolution", json=body, headers=_bearer(token))

    # --- policy and people ---------------------------------------------------------------
    def policy(self, locale: str = "en") -> dict[str, Any]:
        return self._request("GET", "/policy", params={"locale": locale})

    def escalate(self, body: dict[str, Any]) -> dict[str, Any]:
        return self._request("POST", "/escalations", json=body, headers=self._service_auth())

    # --- plumbing ------------------------------------------------------------------------
    def _service_auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.service_token}"}

    def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        language = _LANGUAGE.get()
        if language:
            kwargs["headers"] = {"Accept-Language": language, **(kwargs.get("headers") or {})}
        last_error: Exception | None = None
        for attempt in range(1, ATTEMPTS + 1):
            try:
                response = self.http.request(method, self.base_url + path, timeout=TIMEOUT_SECONDS, **kwargs)
            except requests.RequestException as error:  # refused, reset, timed out
                last_error = error
            else:
                if response.status_code < 500:
                    return _answer(response)
                last_error = ServiceUnavailable(f"{method} {path} answered {response.status_code}")
            log.warning("returns service %s %s failed (attempt %d/%d): %s", method, path, attempt, ATTEMPTS, last_error)
            if attempt < ATTEMPTS:
                time.sleep(BACKOFF_SECONDS * attempt)
        raise ServiceUnavailable(str(last_error))


def _answer(response: requests.Response) -> Any:
    try:
        body = response.json()
    except ValueError:
        body = {}
    if response.status_code >= 400:
        detail = body.get("detail") if isinstance(body, dict) else None
        raise Refused(response.status_code, detail or response.reason, body if isinstance(body, dict) else {})
    return body


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _conversation(conversation_id: str | None) -> dict[str, str]:
    return {"X-ReturnDesk-Conversation": conversation_id} if conversation_id else {}


service = ReturnsService()


async def call_service(where: Tracker | str, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a blocking service call for a conversation (its tracker, or a language) in a worker
    thread: the event loop stays free, and the service answers in the conversation's language."""
    context = contextvars.copy_context()
    context.run(_LANGUAGE.set, where if isinstance(where, str) else language_of(where))
    return await asyncio.to_thread(context.run, function, *args, **kwargs)
