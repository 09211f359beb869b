"""Short videos: ffprobe decides, metadata (QuickTime GPS) is dropped, long or broken ones refused."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import func, select

from returndesk.models import Evidence

from .helpers import chat_session, stored_files, upload

pytestmark = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is installed by `make setup`")


def _video(tmp_path: Path, *, seconds: float, container: str = "mp4", size: str = "320x240") -> bytes:
    out = tmp_path / f"clip.{container}"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc=size={size}:rate=10", "-t", str(seconds),
         "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
         "-metadata", "location=+53.5500+009.9900/", "-metadata", "title=secret-title", "-f", container, str(out)],
        check=True,
    )  # fmt: skip
    return out.read_bytes()


def test_a_short_mov_is_accepted_as_mp4_without_its_location(api, session, tmp_path):
    data = _video(tmp_path, seconds=2, container="mov")
    assert b"53.5500" in data
    response = upload(api, chat_session()[1], data, filename="IMG_0001.MOV", content_type="video/quicktime")
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["media_type"], body["width"], body["height"]) == ("video/mp4", 320, 240)
    assert 1.9 <= body["duration_seconds"] <= 2.1
    row = session.scalar(select(Evidence).where(Evidence.public_id == body["evidence_id"]))
    stored = next(path for path in stored_files() if path.name == row.file_key).read_bytes()
    session.rollback()  # SQLite: let the service's own transaction in
    assert b"53.5500" not in stored and b"secret-title" not in stored
    thumb = api.get(body["thumbnail_url"])
    assert thumb.status_code == 200 and thumb.content.startswith(b"\xff\xd8")


def test_a_video_over_60_seconds_is_refused(api, session, tmp_path):
    before = sorted(stored_files())
    response = upload(api, chat_session()[1], _video(tmp_path, seconds=61, size="64x48"), filename="long.mp4")
    assert response.status_code == 422
    assert response.json()["detail"] == "Videos must be at most 60 seconds long."
    assert sorted(stored_files()) == before and session.scalar(select(func.count(Evidence.id))) == 0


def test_a_truncated_or_fake_video_is_refused(api, session, tmp_path):
    before = sorted(stored_files())
    whole = _video(tmp_path, seconds=2)
    fake = whole[:32] + b"<html><script>alert(1)</script></html>" * 10
    for data in (whole[: len(whole) // 3], fake):
        response = upload(api, chat_session()[1], data, filename="clip.mp4", content_type="video/mp4")
        assert response.status_code in (415, 422), response.text
        assert response.json()["detail"] in (
            "That video is damaged or incomplete; please send it again.",
            "That file is not a photo or video we can read.",
        )
    assert sorted(stored_files()) == before and session.scalar(select(func.count(Evidence.id))) == 0
