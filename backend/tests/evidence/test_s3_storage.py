"""The S3 storage against a server speaking the S3 protocol on loopback (moto's, a stand-in
for AWS S3 or MinIO): put, get, delete, and a whole upload and thumbnail through it."""

from __future__ import annotations

import socket

import pytest

from returndesk.evidence import endpoints
from returndesk.evidence.storage import S3Storage, StorageError

from . import files
from .helpers import chat_session, upload


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3(s3_endpoint, monkeypatch) -> S3Storage:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    storage = S3Storage("returndesk-evidence", prefix="evidence/", endpoint_url=s3_endpoint)
    storage.client.create_bucket(Bucket="returndesk-evidence")
    return storage


def test_put_get_delete(s3):
    key = "0123456789abcdef0123456789abcdef.jpg"
    s3.put(key, b"jpeg bytes", "image/jpeg")
    assert s3.get(key) == b"jpeg bytes"
    head = s3.client.head_object(Bucket="returndesk-evidence", Key=f"evidence/{key}")
    assert head["ContentType"] == "image/jpeg"
    s3.delete(key)
    assert s3.client.list_objects_v2(Bucket="returndesk-evidence").get("KeyCount") == 0


def test_keys_the_service_did_not_make_are_refused(s3):
    with pytest.raises(StorageError):
        s3.put("../../etc/passwd", b"x", "image/jpeg")


def test_an_upload_lands_in_the_bucket_and_its_thumbnail_is_served_from_it(api, s3, monkeypatch):
    monkeypatch.setattr(endpoints, "get_storage", lambda: s3)
    response = upload(api, chat_session()[1], files.jpeg())
    assert response.status_code == 201, response.text
    keys = [item["Key"] for item in s3.client.list_objects_v2(Bucket="returndesk-evidence")["Contents"]]
    assert len(keys) == 2 and all(key.startswith("evidence/") for key in keys)
    thumbnail = api.get(response.json()["thumbnail_url"])
    assert thumbnail.status_code == 200 and thumbnail.content.startswith(b"\xff\xd8")
