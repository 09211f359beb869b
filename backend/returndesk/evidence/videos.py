"""Short videos: ffprobe checks container, streams and duration; ffmpeg copies the streams
into a fresh MP4 without metadata (QuickTime keeps GPS there) and grabs a thumbnail frame.

Nothing is re-encoded, so this is fast; whatever was appended to the upload is not copied.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import NOT_READABLE, UnreadableFile, UnsupportedFile
from .images import THUMBNAIL_SIDE

MAX_SECONDS = 60
MAX_PIXELS = 3840 * 2160
VIDEO_CODECS = {"h264", "hevc", "mpeg4", "vp9", "av1"}
TIMEOUT = 30


@dataclass
class ProcessedVideo:
    mp4: bytes
    thumbnail: bytes
    width: int
    height: int
    duration_seconds: float


def ffmpeg_available() -> bool:
    return shutil.which("ffprobe") is not None and shutil.which("ffmpeg") is not None


def process_video(data: bytes) -> ProcessedVideo:
    if not ffmpeg_available():
        raise UnsupportedFile("Videos cannot be accepted right now; please send photos instead.")
    with tempfile.TemporaryDirectory(prefix="returndesk-video-") as folder:
        source = Path(folder) / "upload"
        source.write_bytes(data)
        probe = _probe(source)
        video = next((s for s in probe.get("streams", []) if s.get("codec_type") == "video"), None)
        formats = set(probe.get("format", {}).get("format_name", "").split(","))
        if video is None or not formats & {"mov", "mp4"} or video.get("codec_name") not in VIDEO_CODECS:
            raise UnsupportedFile(NOT_READABLE)
        width, height = int(video.get("width") or 0), int(video.get("height") or 0)
        duration = float(probe.get("format", {}).get("duration") or video.get("duration") or 0)
        if not width or not height or duration <= 0:
            raise UnreadableFile("That video is damaged or incomplete; please send it again.")
        if width * height > MAX_PIXELS:
            raise UnreadableFile("That video's picture is too large; please send it in 4K or less.")
        if duration > MAX_SECONDS:
            raise UnreadableFile(f"Videos must be at most {MAX_SECONDS} seconds long.")
        clean, thumb = Path(folder) / "clean.mp4", Path(folder) / "thumb.jpg"
        _run(
            [
                "ffmpeg",
                "-v",
                "error",
                "-i",
                str(source),
                "-map",
                "0:v:0",
                "-map",
                "0:a:0?",
                "-c",
                "copy",
                "-map_metadata",
                "-1",
                "-map_chapters",
                "-1",
                "-movflags",
                "+faststart",
                "-f",
                "mp4",
                str(clean),
            ]
        )
        scale = f"scale='min({THUMBNAIL_SIDE},iw)':-2:force_original_aspect_ratio=decrease"
        _run(
            [
                "ffmpeg",
                "-v",
                "error",
                "-i",
                str(clean),
                "-frames:v",
                "1",
                "-vf",
                scale,
                "-map_metadata",
                "-1",
                "-f",
                "image2",
                "-c:v",
                "mjpeg",
                str(thumb),
            ]
        )
        return ProcessedVideo(clean.read_bytes(), thumb.read_bytes(), width, height, round(duration, 2))


def _probe(path: Path) -> dict:
    command = ["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams", str(path)]
    try:
        result = subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise UnreadableFile("That video is damaged or incomplete; please send it again.") from None
    if result.returncode != 0:
        raise UnreadableFile("That video is damaged or incomplete; please send it again.")
    return json.loads(result.stdout or b"{}")


def _run(command: list[str]) -> None:
    try:
        result = subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise UnreadableFile("That video is damaged or incomplete; please send it again.") from None
    if result.returncode != 0:
        raise UnreadableFile("That video is damaged or incomplete; please send it again.")
