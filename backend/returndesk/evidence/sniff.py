"""What a file is, from its first bytes: never from its name or the type the client declared."""

from __future__ import annotations

from enum import StrEnum


class Sniffed(StrEnum):
    JPEG = "image/jpeg"
    PNG = "image/png"
    WEBP = "image/webp"
    HEIC = "image/heic"
    VIDEO = "video/mp4"  # MP4 or QuickTime MOV; ffprobe has the last word
    UNKNOWN = ""


HEIC_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
VIDEO_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"qt  ", b"M4V ", b"MSNV"}


def sniff(head: bytes) -> Sniffed:
    """The container the bytes start with. Anything else (SVG, HTML, PDF, ZIP, a JPEG with
    something prepended) is UNKNOWN and refused."""
    if head.startswith(b"\xff\xd8\xff"):
        return Sniffed.JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed.PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Sniffed.WEBP
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in HEIC_BRANDS:
            return Sniffed.HEIC
        if brand in VIDEO_BRANDS:
            return Sniffed.VIDEO
    return Sniffed.UNKNOWN
