"""Who reaches which endpoint: one row per endpoint of the app, one column per kind of caller.

`ok` means the caller got past the door (any answer but 401, 403 or the console's redirect to its
sign-in form: a 404 for a made-up id, or a 422 for an empty body, is past it). `401`, `403` and
`login` (303 to /console/login) mean the caller was turned away for who they are. Rows are read
from `app.routes`: an endpoint added without a row here fails the test, and so does a row whose
endpoint is gone.

Callers: `anon` sends nothing; `chat` the widget's chat session token; `order` an order token
verified in that chat; `shop` the shop's API token (the assistant, a connector, the shop's
server); then a console user of each staff role, signed in, with the CSRF header.

Paths are filled with a real order (A1001), its return, a photo of the chat, a case and two
approval requests waiting for a senior agent; a step on a case that needs its handler (write,
hand back, close, decide) is tried on a fresh case the caller took first. Evidence links are
asked for without a signature: they are nobody's by role, only the link holder's, so everyone
gets 403. Lines starting with `#` are comments.
"""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from PIL import Image
from starlette.routing import Mount

from returndesk.kit import tokens

from .conftest import CHAT_SECRET
from .factories import SHOP, create_order, line, post_return, verify
from .http import http_client
from .staff_helpers import DEFAULT_PASSWORD, make_staff, staff_client

CALLERS = ("anon", "chat", "order", "shop", "wareh", "agent", "senior", "super", "admin")
STAFF = {"wareh": "warehouse", "agent": "agent", "senior": "senior_agent", "super": "supervisor", "admin": "admin"}
CONVERSATION = "roletable0001"

TABLE = """
#                                                            anon  chat  order shop  wareh agent senior super admin
GET    /api/v1/openapi.json                                  ok    ok    ok    ok    ok    ok    ok     ok    ok
GET    /api/v1/docs                                          ok    ok    ok    ok    ok    ok    ok     ok    ok
GET    /docs/oauth2-redirect                                 ok    ok    ok    ok    ok    ok    ok     ok    ok
GET    /api/v1/redoc                                         ok    ok    ok    ok    ok    ok    ok     ok    ok
GET    /api/v1/docs/assets/{name}                            ok    ok    ok    ok    ok    ok    ok     ok    ok
GET    /api/v1/healthz                                       ok    ok    ok    ok    ok    ok    ok     ok    ok
POST   /api/v1/orders                                        401   403   403   ok    401   401   401    401   401
POST   /api/v1/verifications                                 ok    ok    ok    ok    ok    ok    ok     ok    ok
GET    /api/v1/policy                                        ok    ok    ok    ok    ok    ok    ok     ok    ok
GET    /api/v1/vocabulary                                    ok    ok    ok    ok    ok    ok    ok     ok    ok
POST   /api/v1/policy/evaluate                               401   401   ok    401   401   401   401    401   401
GET    /api/v1/orders/{order_number}/returnable-items        401   401   ok    401   401   401   401    401   401
GET    /api/v1/orders/{order_number}/returns                 401   401   ok    401   401   401   401    401   401
GET    /api/v1/orders/{order_number}/lines/{line_no}/exchange-options 401 401 ok 401 401 401 401    401   401
POST   /api/v1/returns                                       401   401   ok    401   401   401   401    401   401
GET    /api/v1/returns/{rma_number}                          401   401   ok    401   401   401   401    401   401
POST   /api/v1/returns/{rma_number}/evidence                 401   401   ok    401   401   401   401    401   401
POST   /api/v1/returns/{rma_number}/cancel                   401   401   ok    401   401   401   401    401   401
GET    /api/v1/returns/{rma_number}/exchange-options         401   401   ok    401   401   401   401    401   401
POST   /api/v1/returns/{rma_number}/resolution               401   401   ok    401   401   401   401    401   401
POST   /api/v1/escalations                                   401   403   403   ok    401   401   401    401   401
GET    /api/v1/cases                                         401   401   401   401   ok    ok    ok     ok    ok
# The warehouse sees a case's summary, never its chat or timeline, and may add a note; the rest
# of a case is the customer-care desk's.
GET    /api/v1/cases/{reference}                             401   401   401   401   ok    ok    ok     ok    ok
POST   /api/v1/cases/{reference}/take                        401   401   401   401   403   ok    ok     ok    ok
POST   /api/v1/cases/{reference}/messages                    401   401   401   401   403   ok    ok     ok    ok
GET    /api/v1/cases/{reference}/messages                    401   401   401   401   403   ok    ok     ok    ok
POST   /api/v1/cases/{reference}/hand-back                   401   401   401   401   403   ok    ok     ok    ok
POST   /api/v1/cases/{reference}/close                       401   401   401   401   403   ok    ok     ok    ok
POST   /api/v1/cases/{reference}/return-decision             401   401   401   401   403   ok    ok     ok    ok
POST   /api/v1/cases/{reference}/notes                       401   401   401   401   ok    ok    ok     ok    ok
GET    /api/v1/cases/{reference}/timeline.csv                401   401   401   401   403   ok    ok     ok    ok
POST   /api/v1/chat/sessions                                 ok    ok    ok    ok    ok    ok    ok     ok    ok
POST   /api/v1/evidence                                      401   ok    401   ok    401   401   401    401   401
GET    /api/v1/evidence/{evidence_id}                        401   401   ok    401   401   401   401    401   401
# Evidence files: by signed link only.
GET    /api/v1/evidence/{evidence_id}/thumbnail              403   403   403   403   403   403   403    403   403
GET    /api/v1/evidence/{evidence_id}/file                   403   403   403   403   403   403   403    403   403
POST   /api/v1/catalogue/images                              401   403   403   ok    401   401   401    401   401
# The bot (shop token), or people whose role may refund.
POST   /api/v1/ledger/entries                                401   403   403   ok    403   ok    ok     ok    ok
GET    /api/v1/ledger/entries                                401   401   401   401   ok    ok    ok     ok    ok
POST   /api/v1/offers                                        401   401   ok    401   401   401   401    401   401
POST   /api/v1/offers/{offer_id}/answer                      401   401   ok    401   401   401   401    401   401
GET    /api/v1/approvals                                     401   401   401   401   ok    ok    ok     ok    ok
GET    /api/v1/approvals/{request_id}                        401   401   401   401   ok    ok    ok     ok    ok
# A refund of 150.00: beyond an agent's limit, within a senior agent's.
POST   /api/v1/approvals/{request_id}/approve                401   401   401   401   403   403   ok     ok    ok
POST   /api/v1/approvals/{request_id}/reject                 401   401   401   401   403   403   ok     ok    ok
# The audit log: the customer-care desk's.
GET    /api/v1/audit-events                                  401   401   401   401   403   ok    ok     ok    ok
PATCH  /api/v1/staff/users/{username}                        401   401   401   401   403   403   403    403   ok
GET    /api/v1/staff/orders/{order_number}/returnable-items  401   401   401   401   403   ok    ok     ok    ok
POST   /api/v1/staff/returns                                 401   401   401   401   403   ok    ok     ok    ok
POST   /api/v1/staff/sessions                                ok    ok    ok    ok    ok    ok    ok     ok    ok
GET    /api/v1/staff/me                                      401   401   401   401   ok    ok    ok     ok    ok
DELETE /api/v1/staff/sessions/current                        401   401   401   401   ok    ok    ok     ok    ok
GET    /api/v1/customers/me/preferences                      401   401   ok    401   401   401   401    401   401
POST   /api/v1/customers/me/preferences                      401   401   ok    401   401   401   401    401   401
GET    /api/v1/notifications/unsubscribe                     ok    ok    ok    ok    ok    ok    ok     ok    ok
POST   /api/v1/notifications/unsubscribe                     ok    ok    ok    ok    ok    ok    ok     ok    ok
# What the development mail sink saved: customers' emails, for the desk.
GET    /api/v1/sent-mail                                     401   401   401   401   403   ok    ok     ok    ok
GET    /api/v1/sent-mail/{mail_id}                           401   401   401   401   403   ok    ok     ok    ok
# Also by signed link.
GET    /api/v1/returns/{rma_number}/label.pdf                401   401   ok    ok    ok    ok    ok     ok    ok
# The carrier's only: its HMAC signature, which no caller here has.
POST   /api/v1/carrier/events                                401   401   401   401   401   401   401    401   401
POST   /api/v1/returns/{rma_number}/refund                   401   401   401   401   403   ok    ok     ok    ok
GET    /api/v1/returns/{rma_number}/payments                 401   401   401   401   ok    ok    ok     ok    ok
GET    /api/v1/payments/overdue                              401   401   401   401   403   ok    ok     ok    ok
GET    /api/v1/payments/{payment_id}                         401   401   401   401   ok    ok    ok     ok    ok
POST   /api/v1/payments/{payment_id}/retry                   401   401   401   401   403   ok    ok     ok    ok
POST   /api/v1/returns/{rma_number}/exchange                 401   401   401   401   403   ok    ok     ok    ok
POST   /api/v1/payment-requests/{request_id}/paid            401   403   403   ok    401   401   401    401   401
POST   /api/v1/warehouse/receipts                            401   401   401   401   ok    403   403    ok    ok
GET    /api/v1/warehouse/rmas/{number}                       401   401   401   401   ok    403   403    ok    ok
POST   /api/v1/warehouse/rmas/{number}/inspection            401   401   401   401   ok    403   403    ok    ok
POST   /api/v1/warehouse/rmas/{number}/photos                401   401   401   401   ok    403   403    ok    ok
POST   /api/v1/returns/{rma_number}/close                    401   401   401   401   403   ok    ok     ok    ok
# Webhooks to the shop's systems: the shop's API token or an admin in the console.
GET    /api/v1/webhooks/events                               401   403   403   ok    403   403   403    403   ok
GET    /api/v1/webhooks/endpoints                            401   403   403   ok    403   403   403    403   ok
POST   /api/v1/webhooks/endpoints                            401   403   403   ok    403   403   403    403   ok
GET    /api/v1/webhooks/endpoints/{endpoint_id}              401   403   403   ok    403   403   403    403   ok
PATCH  /api/v1/webhooks/endpoints/{endpoint_id}              401   403   403   ok    403   403   403    403   ok
DELETE /api/v1/webhooks/endpoints/{endpoint_id}              401   403   403   ok    403   403   403    403   ok
POST   /api/v1/webhooks/endpoints/{endpoint_id}/secret       401   403   403   ok    403   403   403    403   ok
GET    /api/v1/webhooks/endpoints/{endpoint_id}/deliveries   401   403   403   ok    403   403   403    403   ok
GET    /api/v1/webhooks/deliveries/{delivery_id}             401   403   403   ok    403   403   403    403   ok
POST   /api/v1/webhooks/deliveries/{delivery_id}/resend      401   403   403   ok    403   403   403    403   ok
# The desk's look-ups and its steps for a customer who phoned: not the warehouse.
GET    /api/v1/desk/search                                   401   401   401   401   403   ok    ok     ok    ok
GET    /api/v1/desk/returns/{rma_number}                     401   401   401   401   403   ok    ok     ok    ok
POST   /api/v1/desk/returns/{rma_number}/decision            401   401   401   401   403   ok    ok     ok    ok
POST   /api/v1/desk/returns/{rma_number}/cancel              401   401   401   401   403   ok    ok     ok    ok
POST   /api/v1/desk/returns/{rma_number}/label               401   401   401   401   403   ok    ok     ok    ok
GET    /api/v1/desk/customers/{key}                          401   401   401   401   403   ok    ok     ok    ok
GET    /api/v1/analytics/summary                             401   401   401   401   403   403   403    ok    ok
GET    /api/v1/analytics/return-rates                        401   401   401   401   403   403   403    ok    ok
GET    /api/v1/analytics/reasons                             401   401   401   401   403   403   403    ok    ok
GET    /api/v1/analytics/insights                            401   401   401   401   403   403   403    ok    ok
GET    /api/v1/analytics/conversations                       401   401   401   401   403   403   403    ok    ok
GET    /api/v1/analytics/names                               401   401   401   401   403   403   403    ok    ok
GET    /policy                                               ok    ok    ok    ok    ok    ok    ok     ok    ok
GET    /                                                     ok    ok    ok    ok    ok    ok    ok     ok    ok
POST   /demo/sign-in                                         ok    ok    ok    ok    ok    ok    ok     ok    ok
POST   /demo/sign-out                                        ok    ok    ok    ok    ok    ok    ok     ok    ok
GET    /widget/socket.io.min.js                              ok    ok    ok    ok    ok    ok    ok     ok    ok
GET    /console/login                                        ok    ok    ok    ok    ok    ok    ok     ok    ok
POST   /console/login                                        ok    ok    ok    ok    ok    ok    ok     ok    ok
POST   /console/logout                                       ok    ok    ok    ok    ok    ok    ok     ok    ok
GET    /console                                              login login login login ok    ok    ok     ok    ok
GET    /console/cases/{reference}                            login login login login ok    ok    ok     ok    ok
GET    /console/approvals                                    login login login login ok    ok    ok     ok    ok
GET    /console/returns/new                                  login login login login ok    ok    ok     ok    ok
# Analytics: supervisors and admins; others get a page saying whom to ask.
GET    /console/analytics                                    login login login login 403   403   403    ok    ok
GET    /console/webhooks                                     login login login login 403   403   403    403   ok
# Search, a return and a customer: the desk's pages; the warehouse is told whom to ask.
GET    /console/search                                       login login login login 403   ok    ok     ok    ok
GET    /console/returns/{rma_number}                         login login login login 403   ok    ok     ok    ok
GET    /console/customers/{key}                              login login login login 403   ok    ok     ok    ok
GET    /console/warehouse                                    login login login login ok    ok    ok     ok    ok
GET    /console/mail                                         login login login login 403   ok    ok     ok    ok
GET    /console/static/*                                     ok    ok    ok    ok    ok    ok    ok     ok    ok
GET    /widget/*                                             ok    ok    ok    ok    ok    ok    ok     ok    ok
"""

# Endpoints that end the caller's own session run after all the others.
SIGNS_OUT = {"DELETE /api/v1/staff/sessions/current", "POST /console/logout"}
Send = Callable[[httpx.Client, "Caller", dict[str, str]], httpx.Response]


@dataclass
class Caller:
    name: str
    headers: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)
    csrf: str = ""


def _photo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


PHOTO = _photo()


def _key() -> dict[str, str]:
    return {"Idempotency-Key": str(uuid.uuid4())}


def _refund(number: str, amount_minor: int) -> dict[str, Any]:
    return {"kind": "refund", "order_number": number, "line_no": 1, "amount_minor": amount_minor, "currency": "EUR"}


def _chat_headers() -> dict[str, str]:
    token = tokens.issue(CHAT_SECRET, CONVERSATION, datetime.now(UTC) + timedelta(hours=1))
    return {"Authorization": f"Bearer {token}"}


def _console_login(client: httpx.Client, caller: Caller, ids: dict[str, str]) -> httpx.Response:
    client.cookies.clear()  # a signed-in user is sent on from the form; the form itself is everyone's
    form = client.get("/console/login").text
    token = re.search(r'name="csrf_token" value="([^"]*)"', form)
    assert token, "the console sign-in form carries no CSRF field"
    credentials = {"username": "tabletop", "password": DEFAULT_PASSWORD, "csrf_token": token.group(1)}
    return client.post("/console/login", data=credentials)


def _upload(path: str) -> Send:
    return lambda client, caller, ids: client.post(path.format(**ids), files={"file": ("p.png", PHOTO, "image/png")})


def _on_a_case_they_took(step: str, body: dict[str, Any]) -> Send:
    def send(client: httpx.Client, caller: Caller, ids: dict[str, str]) -> httpx.Response:
        opened = client.post("/api/v1/escalations", json={"conversation_id": uuid.uuid4().hex}, headers=SHOP)
        reference = opened.json()["reference"]
        client.post(f"/api/v1/cases/{reference}/take")
        return client.post(f"/api/v1/cases/{reference}/{step}", json=body)

    return send


# What a row sends besides the caller's credentials, where an empty request would be refused
# before the door (a 422 for a missing body) or would not show the door at all.
BODIES: dict[str, dict[str, Any]] = {
    "POST /api/v1/verifications": {"json": {"order_number": "A1001", "email": "dev@example.com"}},
    "POST /api/v1/policy/evaluate": {"json": {"order_number": "A1001", "lines": [{"line_no": 1, "reason": "other"}]}},
    "POST /api/v1/staff/sessions": {"json": {"username": "tabletop", "password": DEFAULT_PASSWORD}},
    "POST /api/v1/escalations": {"json": {"conversation_id": CONVERSATION}},
    "POST /api/v1/cases/{reference}/notes": {"json": {"text": "A note"}},
    "POST /api/v1/approvals/{request_id}/approve": {"json": {}},
    "PATCH /api/v1/staff/users/{username}": {"json": {"role": "agent"}},
    "POST /api/v1/returns/{rma_number}/exchange": {"json": {"sku": "AP-JEANS-SLIM"}},
    "GET /api/v1/desk/search": {"params": {"q": "A1001"}},
    "POST /api/v1/desk/returns/{rma_number}/decision": {"json": {"decision": "approve"}},
    "GET /console/search": {"params": {"q": "A1001"}},
}
SENDERS: dict[str, Send] = {
    "POST /api/v1/ledger/entries": lambda client, caller, ids: client.post(
        "/api/v1/ledger/entries", json=_refund("A1001", 100), headers=_key()
    ),
    "POST /api/v1/approvals/{request_id}/reject": lambda client, caller, ids: client.post(
        f"/api/v1/approvals/{ids['reject_id']}/reject", json={}
    ),
    "POST /api/v1/cases/{reference}/messages": _on_a_case_they_took("messages", {"text": "Hello"}),
    "POST /api/v1/cases/{reference}/hand-back": _on_a_case_they_took("hand-back", {}),
    "POST /api/v1/cases/{reference}/close": _on_a_case_they_took("close", {"note": "Done"}),
    "POST /api/v1/cases/{reference}/return-decision": _on_a_case_they_took("return-decision", {"decision": "approve"}),
    "POST /api/v1/evidence": _upload("/api/v1/evidence"),
    "POST /api/v1/warehouse/rmas/{number}/photos": _upload("/api/v1/warehouse/rmas/{number}/photos"),
    "POST /console/login": _console_login,
    "POST /console/logout": lambda client, caller, ids: client.post(
        "/console/logout", data={"csrf_token": caller.csrf}
    ),
    # A valid number no return has: cancelling the table's own return would change the rows after it.
    "POST /api/v1/desk/returns/{rma_number}/cancel": lambda client, caller, ids: client.post(
        "/api/v1/desk/returns/RMA-0000-0000-0000/cancel"
    ),
    "GET /console/static/*": lambda client, caller, ids: client.get("/console/static/console.css"),
    "GET /widget/*": lambda client, caller, ids: client.get("/widget/returndesk-widget.js"),
}


def expected_table() -> dict[str, dict[str, str]]:
    rows: dict[str, dict[str, str]] = {}
    for text in TABLE.strip().splitlines():
        if text.lstrip().startswith("#"):
            continue
        method, path, *outcomes = text.split()
        assert len(outcomes) == len(CALLERS), f"row {method} {path}: one outcome per caller ({', '.join(CALLERS)})"
        assert f"{method} {path}" not in rows, f"row {method} {path} appears twice"
        rows[f"{method} {path}"] = dict(zip(CALLERS, outcomes, strict=True))
    return rows


def app_endpoints() -> set[str]:
    from returndesk.main import create_app

    found = set()
    for route in create_app().routes:
        if isinstance(route, Mount):
            found.add(f"GET {route.path}/*")
        else:
            found |= {f"{method} {route.path}" for method in route.methods - {"HEAD"}}
    return found


def outcome(endpoint: str, response: httpx.Response) -> str:
    if response.status_code in (401, 403):
        return str(response.status_code)
    sent_to_sign_in = response.status_code == 303 and response.headers["location"].startswith("/console/login")
    if sent_to_sign_in and endpoint.startswith("GET "):  # signing out also lands there: that is no refusal
        return "login"
    return "ok"


@pytest.fixture
def ids(api: httpx.Client, session, base_url: str) -> dict[str, str]:
    """What the rows' paths are filled with."""
    create_order(api)
    rma = post_return(api, verify(api, conversation=CONVERSATION)).json()["rma_number"]
    photo = api.post("/evidence", headers=_chat_headers(), files={"file": ("p.png", PHOTO, "image/png")})
    assert photo.status_code == 201, photo.text
    case = api.post("/escalations", json={"conversation_id": CONVERSATION}, headers=SHOP)
    assert case.status_code == 201, case.text
    # Two refunds of 150.00 an agent asked for beyond their 100.00 per-case limit: a senior's to decide.
    make_staff(session, "table-requester", "agent")
    waiting = []
    for number in ("B2002", "C3003"):
        create_order(api, number=number, lines=[line(unit_price_minor=15000)])
        with staff_client(base_url, "table-requester") as requester:
            asked = requester.post("/ledger/entries", json=_refund(number, 15000), headers=_key())
        assert asked.status_code == 202, asked.text
        waiting.append(str(asked.json()["id"]))
    return {
        "order_number": "A1001",
        "rma_number": rma,
        "number": rma,
        "evidence_id": photo.json()["evidence_id"],
        "reference": case.json()["reference"],
        "request_id": waiting[0],
        "reject_id": waiting[1],
        "offer_id": "999999",
        "payment_id": "999999",
        "username": "nobody",
        "line_no": "1",
        "key": "dev@example.com",
        "endpoint_id": "999999",
        "delivery_id": "999999",
        "mail_id": "20260101T000000000000Z-none",
        "name": "swagger-ui.css",
    }


@pytest.fixture
def callers(api: httpx.Client, ids: dict[str, str], session, monkeypatch) -> dict[str, Caller]:
    from returndesk.config import get_settings

    # Taking a case pauses the bot through Rasa: a port nothing listens on, never a developer's Rasa.
    monkeypatch.setattr(get_settings(), "rasa_server_url", "http://127.0.0.1:9")
    found = {
        "anon": Caller("anon"),
        "chat": Caller("chat", _chat_headers()),
        "order": Caller("order", verify(api, conversation=CONVERSATION)),
        "shop": Caller("shop", dict(SHOP)),
    }
    make_staff(session, "tabletop", "agent")  # whom the sign-in rows sign in
    for name, role in STAFF.items():
        make_staff(session, f"table-{name}", role)
        signed = api.post("/staff/sessions", json={"username": f"table-{name}", "password": DEFAULT_PASSWORD})
        assert signed.status_code == 201, signed.text
        csrf = signed.json()["csrf_token"]
        found[name] = Caller(name, {"X-CSRF-Token": csrf}, dict(api.cookies), csrf)
        api.cookies.clear()
    return found


def call(base_url: str, endpoint: str, caller: Caller, ids: dict[str, str]) -> httpx.Response:
    # A fresh client per request: a row that signs someone in must not change the caller for the next.
    with http_client(base_url=base_url, headers=caller.headers, cookies=caller.cookies, timeout=30) as client:
        if endpoint in SENDERS:
            return SENDERS[endpoint](client, caller, ids)
        method, path = endpoint.split(" ", 1)
        return client.request(method, path.format(**ids), **BODIES.get(endpoint, {}))


def test_every_endpoint_has_a_row():
    rows, endpoints = set(expected_table()), app_endpoints()
    assert sorted(endpoints - rows) == [], "endpoints without a row in TABLE: say who may call them"
    assert sorted(rows - endpoints) == [], "rows in TABLE for endpoints the app no longer has"


def test_each_caller_reaches_exactly_what_its_row_says(base_url, callers, ids):
    expected = expected_table()
    in_order = sorted(expected, key=lambda endpoint: endpoint in SIGNS_OUT)  # sign-outs last
    wrong = []
    for endpoint in in_order:
        for name in CALLERS:
            got = outcome(endpoint, call(base_url, endpoint, callers[name], ids))
            if got != expected[endpoint][name]:
                wrong.append(f"{endpoint}: {name} expected {expected[endpoint][name]}, got {got}")
    assert not wrong, "\n".join(wrong)
