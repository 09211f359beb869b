"""Hostile uploads: each refused with a sentence a bot can relay, and nothing stored."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image
from sqlalchemy import func, select

from returndesk.kit import tokens
from returndesk.models import Evidence

from ..conftest import CHAT_SECRET
from . import files
from .helpers import chat_session, stored_files, upload

NOT_READABLE = "That file is not a photo or video we can read."


@pytest.fixture
def nothing_stored(session):
    before = sorted(stored_files())
    yield
    session.rollback()
    assert sorted(stored_files()) == before, "a refused upload left a file in storage"
    assert session.scalar(select(func.count(Evidence.id))) == 0, "a refused upload left a row"


def _problem(response, status: int) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    return response.json()["detail"]


@pytest.mark.parametrize(
    ("data", "filename", "content_type"),
    [
        pytest.param(files.SVG_WITH_SCRIPT, "damage.svg", "image/svg+xml", id="svg with script"),
        pytest.param(files.SVG_WITH_SCRIPT, "damage.jpg", "image/jpeg", id="svg named jpg"),
        pytest.param(files.HTML_PAGE, "photo.jpg", "image/jpeg", id="html named jpg"),
        pytest.param(files.PDF_START, "photo.png", "image/png", id="pdf named png"),
        pytest.param(files.zip_bytes(), "photo.jpg", "image/jpeg", id="zip named jpg"),
        pytest.param(b"GIF89a" + b"\x00" * 64, "photo.jpg", "image/jpeg", id="gif (not accepted)"),
        pytest.param(files.HTML_PAGE + files.jpeg(), "photo.jpg", "image/jpeg", id="html prepended to a jpeg"),
        pytest.param(b"MZ" + b"\x00" * 200, "photo.jpg", "image/jpeg", id="windows executable"),
    ],
)
def test_not_a_photo_by_content_whatever_the_name(api, nothing_stored, data, filename, content_type):
    assert _problem(upload(api, chat_session()[1], data, filename=filename, content_type=content_type), 415) == (
        NOT_READABLE
    )


def test_a_real_photo_with_a_wrong_name_and_type_is_judged_by_content(api):
    response = upload(api, chat_session()[1], files.png(), filename="invoice.pdf", content_type="application/pdf")
    assert response.status_code == 201 and response.json()["media_type"] == "image/jpeg"


def test_a_photo_over_15_mb_is_refused(api, nothing_stored):
    big = files.jpeg() + b"\x00" * (15 * 1024 * 1024)
    assert _problem(upload(api, chat_session()[1], big), 413) == "Photos must be under 15 MB."


def test_anything_over_50_mb_is_refused(api, nothing_stored):
    huge = files.jpeg() + b"\x00" * (50 * 1024 * 1024)
    assert "under 50 MB" in _problem(upload(api, chat_session()[1], huge), 413)


@pytest.mark.parametrize(
    "size", [pytest.param((100_000, 100_000), id="10 gigapixels"), pytest.param((8000, 7000), id="56 megapixels")]
)
def test_a_decompression_bomb_is_refused_from_its_header(api, nothing_stored, size):
    detail = _problem(upload(api, chat_session()[1], files.png_bomb(*size), filename="bomb.png"), 422)
    assert detail == "That photo has too many pixels; photos may have up to 50 megapixels."


def test_a_truncated_photo_is_refused(api, nothing_stored):
    whole = files.jpeg()
    detail = _problem(upload(api, chat_session()[1], whole[: len(whole) // 2]), 422)
    assert detail == "That photo is damaged or incomplete; please send it again."


def test_an_empty_file_is_refused(api, nothing_stored):
    assert "empty" in _problem(upload(api, chat_session()[1], b""), 415)


def test_a_jpeg_with_a_zip_and_html_appended_is_stored_without_them(api, session):
    """Polyglot: the decoder reads the JPEG, the re-encoded copy is all that is kept."""
    polyglot = files.jpeg() + files.zip_bytes() + files.HTML_PAGE
    response = upload(api, chat_session()[1], polyglot)
    assert response.status_code == 201, response.text
    row = session.scalar(select(Evidence).where(Evidence.public_id == response.json()["evidence_id"]))
    stored = next(path for path in stored_files() if path.name == row.file_key).read_bytes()
    assert b"PK\x03\x04" not in stored and b"<script" not in stored and b"<html" not in stored
    assert stored.endswith(b"\xff\xd9")
    Image.open(io.BytesIO(stored)).verify()


@pytest.mark.parametrize(
    "filename",
    ["../../../../etc/passwd", "..\\..\\windows\\win.ini", "/var/evidence/x.jpg", "a/../../b.jpg", "\x00.jpg", ".."],
)
def test_path_traversal_names_are_never_used(api, session, filename):
    response = upload(api, chat_session()[1], files.jpeg(), filename=filename)
    assert response.status_code == 201, response.text
    row = session.scalar(select(Evidence).where(Evidence.public_id == response.json()["evidence_id"]))
    names = {path.name for path in stored_files()}
    assert row.file_key in names and row.thumbnail_key in names
    assert all(len(name) == 36 and name[:32].isalnum() for name in (row.file_key, row.thumbnail_key))
    assert "passwd" not in str(stored_files()) and "win.ini" not in str(stored_files())


def test_an_unknown_kind_is_refused(api, nothing_stored):
    detail = _problem(upload(api, chat_session()[1], files.jpeg(), kind="selfie"), 422)
    assert detail.startswith("kind must be one of:") and "photo_damage" in detail


@pytest.mark.parametrize(
    ("headers", "status", "says"),
    [
        pytest.param({}, 401, "chat session token", id="no token"),
        pytest.param({"Authorization": "Bearer not-a-jwt"}, 401, "not valid", id="garbage token"),
        pytest.param(
            {
                "Authorization": "Bearer "
                + tokens.issue(
                    "another-secret-0123456789abcdefghijklmn", "conversation-1", datetime.now(UTC) + timedelta(hours=1)
                )
            },
            401,
            "not valid",
            id="forged token",
        ),
        pytest.param(
            {
                "Authorization": "Bearer "
                + tokens.issue(CHAT_SECRET, "conversation-1", datetime.now(UTC) - timedelta(minutes=1))
            },
            401,
            "expired",
            id="expired token",
        ),
        pytest.param(
            {"Authorization": "Bearer test-shop-token"},
            422,
            "X-ReturnDesk-Conversation",
            id="shop token without a conversation",
        ),
    ],
)
def test_uploads_need_a_valid_session(api, nothing_stored, headers, status, says):
    assert says in _problem(upload(api, headers, files.jpeg()), status)


def test_a_declared_size_over_the_limit_is_refused_before_the_body_is_read(base_url, nothing_stored):
    import socket
    from urllib.parse import urlsplit

    address = urlsplit(base_url)
    with socket.create_connection((address.hostname, address.port), timeout=10) as sock:
        sock.sendall(
            b"POST /api/v1/evidence HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
            b"Content-Length: 10000000000\r\n\r\n"
        )
        answer = sock.recv(65536).decode()
    assert answer.startswith("HTTP/1.1 413")
    assert "Photos" in answer or "photos under 15 MB" in answer
