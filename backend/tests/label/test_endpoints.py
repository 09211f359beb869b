"""GET /returns/{rma}/label.pdf over HTTP: who may fetch it, the signed link, refusals, and the
`label` part of the return's answer."""

from __future__ import annotations

import io
import time
from urllib.parse import parse_qs, urlsplit

import pypdf
import pytest

from ..factories import create_order, line, post_return, verify

JEANS = line(line_no=1, sku="AP-JEANS-SLIM", name="Slim fit jeans", unit_price_minor=5990)
SOCKS = line(line_no=2, sku="AP-SOCKS", name="Ankle socks", unit_price_minor=450)
PHONE = line(line_no=3, sku="EL-PHONE", name="Phone", category="electronics", unit_price_minor=24900)


@pytest.fixture
def approved(api):
    """An approved return of the jeans (main warehouse) and the socks (kept), with its owner's headers."""
    create_order(api, lines=[JEANS, SOCKS, PHONE])
    headers = verify(api)
    answer = post_return(
        api,
        headers,
        lines=[
            {"line_no": 1, "quantity": 1, "reason": "size_too_small"},
            {"line_no": 2, "quantity": 1, "reason": "size_too_small"},
        ],
    )
    assert answer.status_code == 201 and answer.json()["status"] == "approved", answer.text
    return answer.json(), headers


def _api_path(url: str) -> str:
    """The link's path and query, relative to the test client's /api/v1 base."""
    parts = urlsplit(url)
    return f"{parts.path.removeprefix('/api/v1')}?{parts.query}"


def _text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def test_the_return_answer_names_destinations_methods_and_the_label_link(approved):
    body, _ = approved
    label = body["instructions"]["label"]
    parcels = {parcel["destination"]: parcel for parcel in label["parcels"]}
    assert list(parcels) == ["main_warehouse", "keep_item"]
    assert parcels["main_warehouse"]["line_nos"] == [1] and parcels["keep_item"]["line_nos"] == [2]
    assert parcels["main_warehouse"]["address"][1] == "Hafenstraße 12"
    assert [m["kind"] for m in parcels["main_warehouse"]["methods"]] == ["mail", "drop_off", "in_store"]
    assert parcels["keep_item"]["ships"] is False and parcels["keep_item"]["methods"] == []
    assert label["label_url"].startswith(
        f"http://127.0.0.1:8000/api/v1/returns/{body['rma_number']}/label.pdf?expires="
    )
    steps = " ".join(body["instructions"]["steps"])
    assert "Hafenstraße 12, 20457 Hamburg" in steps and "Keep line 2" in steps
    assert body["instructions"]["ship_to"].startswith("ReturnDesk Demo Shop, Returns Dept., Hafenstraße 12")


def test_the_owner_gets_a_pdf_with_the_rma_address_deadline_and_lines(api, approved):
    body, headers = approved
    answer = api.get(f"/returns/{body['rma_number']}/label.pdf", headers=headers)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/pdf"
    assert f'filename="return-label-{body["rma_number"]}.pdf"' in answer.headers["content-disposition"]
    (page,) = _text(answer.content)  # the kept socks need no parcel, so one page
    assert body["rma_number"] in page
    assert "Hafenstraße 12" in page and "20457 Hamburg" in page
    assert f"Return by: {body['instructions']['return_by']}" in page
    assert "Slim fit jeans (AP-JEANS-SLIM, line 1)" in page and "AP-SOCKS" not in page
    # Deterministic: the same return, the same bytes (a re-download prints the same label).
    again = api.get(f"/returns/{body['rma_number']}/label.pdf", headers=headers)
    assert again.content == answer.content


def test_the_signed_link_works_without_a_token_and_only_as_given(api, approved):
    body, headers = approved
    url = _api_path(body["instructions"]["label"]["label_url"])
    assert api.get(url).status_code == 200
    assert api.get(url).content == api.get(f"/returns/{body['rma_number']}/label.pdf", headers=headers).content
    query = parse_qs(urlsplit(url).query)
    path = urlsplit(url).path
    tampered = api.get(path, params={"expires": int(query["expires"][0]) + 86400, "signature": query["signature"][0]})
    assert tampered.status_code == 403 and "not valid" in tampered.json()["detail"]
    half = api.get(path, params={"expires": query["expires"][0]})
    assert half.status_code == 422 and "both its expires and signature" in half.json()["detail"]


def test_an_expired_signed_link_is_refused(api, approved):
    from returndesk.config import get_settings
    from returndesk.label.signing import signed_label_path
    from returndesk.models.rma_number import parse_rma_number

    body, _ = approved
    expired = signed_label_path(get_settings(), parse_rma_number(body["rma_number"]), expires=int(time.time()) - 1)
    answer = api.get(expired.removeprefix("/api/v1"))
    assert answer.status_code == 403 and "expired" in answer.json()["detail"]
    assert answer.headers["content-type"].startswith("application/problem+json")


def test_the_link_of_one_return_does_not_open_another(api, approved):
    body, headers = approved
    other = post_return(api, headers, lines=[{"line_no": 3, "quantity": 1, "reason": "changed_mind"}]).json()
    query = urlsplit(body["instructions"]["label"]["label_url"]).query
    answer = api.get(f"/returns/{other['rma_number']}/label.pdf?{query}")
    assert answer.status_code == 403


def test_another_customers_token_sees_no_such_return(api, approved):
    body, _ = approved
    create_order(api, number="B2002", email="other@example.com")
    stranger = verify(api, "B2002", "other@example.com")
    answer = api.get(f"/returns/{body['rma_number']}/label.pdf", headers=stranger)
    assert answer.status_code == 404 and answer.json()["detail"] == "there is no return with that RMA number"


def test_no_credentials_says_how_to_get_the_label(api, approved):
    body, _ = approved
    answer = api.get(f"/returns/{body['rma_number']}/label.pdf")
    assert answer.status_code == 401 and "open the label link" in answer.json()["detail"]
    bad = api.get("/returns/RMA-XXXX/label.pdf", headers=approved[1])
    assert bad.status_code == 422


def test_staff_and_the_shop_may_print_it(api, approved, signed_in, shop_headers):
    body, _ = approved
    alice = signed_in("alice", "agent")
    assert alice.get(f"/returns/{body['rma_number']}/label.pdf").status_code == 200
    assert api.get(f"/returns/{body['rma_number']}/label.pdf", headers=shop_headers).status_code == 200


def test_a_return_waiting_for_review_has_no_label(api):
    create_order(api, lines=[PHONE])
    headers = verify(api)
    # A faulty phone needs two photos first: it waits for review.
    body = post_return(api, headers, lines=[{"line_no": 3, "quantity": 1, "reason": "defective"}]).json()
    assert body["status"] == "pending_review"
    assert body["instructions"]["label"] is None
    answer = api.get(f"/returns/{body['rma_number']}/label.pdf", headers=headers)
    assert answer.status_code == 409, answer.text
    assert "waiting for review" in answer.json()["detail"] and answer.json()["rma_status"] == "pending_review"


def test_a_return_the_customer_keeps_has_no_label(api):
    create_order(api, lines=[SOCKS])
    headers = verify(api)
    body = post_return(api, headers, lines=[{"line_no": 2, "quantity": 1, "reason": "size_too_small"}]).json()
    assert body["status"] == "approved"
    label = body["instructions"]["label"]
    assert label["label_url"] is None and [p["destination"] for p in label["parcels"]] == ["keep_item"]
    assert body["instructions"]["ship_to"] is None
    assert not any("Hand the parcel over" in step for step in body["instructions"]["steps"])
    answer = api.get(f"/returns/{body['rma_number']}/label.pdf", headers=headers)
    assert answer.status_code == 409 and "you keep the item" in answer.json()["detail"]


@pytest.mark.parametrize(
    ("status", "code", "says"),
    [
        pytest.param("in_transit", 200, None, id="on its way: the label still prints"),
        pytest.param("received", 409, "it is already received", id="received"),
        pytest.param("cancelled", 409, "it was cancelled", id="cancelled"),
    ],
)
def test_the_label_follows_the_return_status(api, session, approved, status, code, says):
    from returndesk.models import Rma
    from returndesk.models.rma_number import parse_rma_number

    body, headers = approved
    # Put the return where other steps (the carrier, the warehouse, a cancellation) would.
    session.query(Rma).filter_by(number=parse_rma_number(body["rma_number"])).update({"status": status})
    session.commit()
    answer = api.get(_api_path(body["instructions"]["label"]["label_url"]))
    assert answer.status_code == code, answer.text
    if says:
        assert says in answer.json()["detail"] and answer.json()["rma_status"] == status


def test_a_chinese_customer_s_label_is_in_chinese(api):
    create_order(api, lines=[line(line_no=1, sku="AP-QIPAO", name="真丝旗袍", unit_price_minor=12900)], currency="EUR")
    headers = verify(api)
    answer = post_return(api, headers, locale="zh")
    assert answer.status_code == 201 and answer.json()["status"] == "approved", answer.text
    pdf = api.get(f"/returns/{answer.json()['rma_number']}/label.pdf", headers=headers)
    assert pdf.status_code == 200
    (page,) = _text(pdf.content)
    assert "退货" in page and "寄往" in page and "1 × 真丝旗袍（AP-QIPAO，第1行）" in page
    assert "PACK IN THIS PARCEL" not in page
