"""POST /evidence over HTTP: good photos are re-encoded clean, hinted, and served by signed link."""

from __future__ import annotations

import io
import time

from PIL import Image
from sqlalchemy import func, select

from returndesk.models import Evidence

from . import files
from .helpers import chat_session, connector_headers, stored_files, upload


def test_a_photo_from_the_widget_is_stored_and_described(api):
    _, headers = chat_session()
    response = upload(api, headers, files.jpeg())
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["evidence_id"].startswith("ev_") and len(body["evidence_id"]) >= 24
    assert body["kind"] == "photo_damage"
    assert (body["media_type"], body["width"], body["height"]) == ("image/jpeg", 640, 480)
    assert body["bytes"] > 0 and body["duration_seconds"] is None
    assert body["hints"] == [] and body["flags"] == []
    assert "/thumbnail?expires=" in body["thumbnail_url"] and "signature=" in body["thumbnail_url"]


def test_a_connector_uploads_with_the_shop_token_for_a_conversation(api, session):
    response = upload(api, connector_headers("telegram:42"), files.png(), kind="photo_item", filename="x.png")
    assert response.status_code == 201, response.text
    assert response.json()["kind"] == "photo_item"
    row = session.scalar(select(Evidence).where(Evidence.public_id == response.json()["evidence_id"]))
    assert row.conversation_id == "telegram:42"


def test_png_and_webp_become_jpeg(api):
    _, headers = chat_session()
    for data in (files.png(), files.webp()):
        response = upload(api, headers, data, filename="a.bin", content_type="application/octet-stream")
        assert response.status_code == 201, response.text
        assert response.json()["media_type"] == "image/jpeg"


def test_heic_is_accepted(api):
    from pillow_heif import from_pillow

    out = io.BytesIO()
    from_pillow(files.textured()).save(out, format="HEIF", quality=80)
    response = upload(api, chat_session()[1], out.getvalue(), filename="IMG_0001.HEIC", content_type="image/heic")
    assert response.status_code == 201, response.text
    assert (response.json()["width"], response.json()["height"]) == (640, 480)


def test_exif_and_gps_are_gone_and_orientation_applied(api, session):
    response = upload(api, chat_session()[1], files.jpeg_with_gps())
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["width"], body["height"]) == (480, 640)  # orientation 6 applied, then dropped
    row = session.scalar(select(Evidence).where(Evidence.public_id == body["evidence_id"]))
    stored = next(path for path in stored_files() if path.name == row.file_key).read_bytes()
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG"
    assert not image.getexif() and "exif" not in image.info and "xmp" not in image.info
    assert b"Exif" not in stored and b"PhoneMaker" not in stored


def test_dark_and_blurry_photos_get_a_retake_hint_not_a_refusal(api):
    headers = chat_session()[1]
    dark = upload(api, headers, files.dark_jpeg())
    blurry = upload(api, headers, files.blurry_jpeg())
    assert dark.status_code == blurry.status_code == 201
    assert [hint["code"] for hint in dark.json()["hints"]] == ["too_dark"]
    assert [hint["code"] for hint in blurry.json()["hints"]] == ["too_blurry"]
    assert "take it again" in blurry.json()["hints"][0]["message"]


def test_thumbnail_only_with_a_valid_signature(api):
    body = upload(api, chat_session()[1], files.jpeg()).json()
    url = body["thumbnail_url"]
    good = api.get(url)
    assert good.status_code == 200 and good.headers["content-type"] == "image/jpeg"
    assert good.headers["x-content-type-options"] == "nosniff"
    assert max(Image.open(io.BytesIO(good.content)).size) == 320

    path = url.split("?")[0]
    expires = url.split("expires=")[1].split("&")[0]
    missing = api.get(path)
    forged = api.get(f"{path}?expires={expires}&signature=AAAA")
    longer = api.get(url.replace(f"expires={expires}", f"expires={int(expires) + 3600}"))
    other_variant = api.get(url.replace("/thumbnail?", "/file?"))
    for refused in (missing, forged, longer, other_variant):
        assert refused.status_code == 403, refused.text
        assert refused.headers["content-type"] == "application/problem+json"
    assert "new link" in forged.json()["detail"]


def test_expired_links_are_refused(api):
    from returndesk.config import get_settings
    from returndesk.evidence.signing import signed_path

    body = upload(api, chat_session()[1], files.jpeg()).json()
    stale = signed_path(get_settings(), body["evidence_id"], "thumbnail", now=time.time() - 7200)
    response = api.get(stale.removeprefix("/api/v1"))
    assert response.status_code == 403
    assert response.json()["detail"] == "This link has expired; ask for a new link."


def test_agents_file_link_serves_the_stored_photo_as_a_download(api):
    from returndesk.config import get_settings
    from returndesk.evidence.signing import signed_path

    body = upload(api, chat_session()[1], files.jpeg()).json()
    response = api.get(signed_path(get_settings(), body["evidence_id"], "file").removeprefix("/api/v1"))
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith("attachment")
    assert len(response.content) == body["bytes"]


def test_evidence_rows_match_stored_files(api, session):
    before = len(stored_files())
    upload(api, chat_session()[1], files.jpeg())
    assert session.scalar(select(func.count(Evidence.id))) == 1
    assert len(stored_files()) == before + 2  # the photo and its thumbnail


def test_a_session_opened_over_http_can_upload(api):
    opened = api.post("/chat/sessions")
    assert opened.status_code == 201, opened.text
    response = upload(api, {"Authorization": f"Bearer {opened.json()['token']}"}, files.jpeg())
    assert response.status_code == 201, response.text
