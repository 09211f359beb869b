"""Shared by the carrier tests: a customer with orders and an address, an approved return, its label."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import pypdf

from ..factories import create_order, line, post_return, verify

# Within the bot's per-case authority (15.00): a refund on the carrier's scan acts with the bot's limits.
SCARF = line(line_no=1, sku="AP-SCARF", name="Wool scarf", unit_price_minor=1400)


def api_path(url: str) -> str:
    """A signed link's path and query, relative to the test client's /api/v1 base."""
    parts = urlsplit(url)
    return f"{parts.path.removeprefix('/api/v1')}?{parts.query}"


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def customer_with_orders(api, email: str, *, orders: int, prefix: str, where: dict) -> dict[str, str]:
    """`orders` delivered orders of one customer (numbers prefix1..), each of the scarf, sent to
    `where`; the headers of the customer verified on the last one."""
    for n in range(1, orders + 1):
        create_order(
            api, number=f"{prefix}{n}", email=email, lines=[SCARF], shipping_address=where, delivered_days_ago=2 + n
        )
    return verify(api, f"{prefix}{orders}", email)


def approved_return(api, headers, order_number: str, **payload) -> dict:
    answer = post_return(api, headers, order_number=order_number, **payload)
    assert answer.status_code == 201, answer.text
    assert answer.json()["status"] == "approved", answer.text
    return answer.json()


def label_of(api, body: dict):
    """GET the return's label through its signed link."""
    return api.get(api_path(body["instructions"]["label"]["label_url"]))
