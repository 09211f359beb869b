"""Every request body has a size limit, enforced before the service reads it (body_limit.py)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from returndesk.kit.body_limit import MAX_BODY_BYTES, TOO_LARGE

OVER = MAX_BODY_BYTES + 1


def chunks(body: bytes, size: int = 64 * 1024) -> Iterator[bytes]:
    for start in range(0, len(body), size):
        yield body[start : start + size]


def a_json_body(size: int) -> bytes:
    padding = size - len(b'{"order_number": "A1001", "email": "", "pad": ""}')
    return b'{"order_number": "A1001", "email": "", "pad": "' + b"x" * padding + b'"}'


@pytest.mark.parametrize("chunked", [False, True], ids=["declared size", "chunked"])
def test_a_json_body_over_the_limit_is_refused_with_what_to_send(api, chunked):
    body = a_json_body(OVER)
    answer = api.post(
        "/verifications", content=chunks(body) if chunked else body, headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 413
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["detail"] == TOO_LARGE


def test_a_chunked_body_within_the_limit_reaches_the_endpoint_whole(api):
    body = b'{"order_number": "NO-SUCH-ORDER", "email": "nobody@example.com"}'
    answer = api.post("/verifications", content=chunks(body, 7), headers={"Content-Type": "application/json"})
    plain = api.post("/verifications", content=body, headers={"Content-Type": "application/json"})
    assert (answer.status_code, answer.json()["detail"]) == (plain.status_code, plain.json()["detail"])
    assert answer.status_code < 500 and answer.status_code != 413


@pytest.mark.parametrize(
    ("path", "says"),
    [
        pytest.param("/api/v1/orders", TOO_LARGE, id="JSON"),
        pytest.param("/api/v1/warehouse/rmas/RMA-0000-0000-0000/photos", "under", id="inspection photo"),
        pytest.param("/api/v1/catalogue/images", "under", id="catalogue image"),
    ],
)
def test_a_declared_size_over_the_limit_is_refused_before_the_body_is_sent(base_url, path, says):
    address = urlsplit(base_url)
    with socket.create_connection((address.hostname, address.port), timeout=10) as sock:
        sock.sendall(
            f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            "Content-Length: 10000000000\r\n\r\n".encode()
        )
        answer = sock.recv(65536).decode()
    assert answer.startswith("HTTP/1.1 413"), answer
    assert says in answer
