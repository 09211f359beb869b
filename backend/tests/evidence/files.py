"""Files for the evidence tests, made on the spot: good photos and hostile ones."""

from __future__ import annotations

import io
import random
import struct
import zlib

from PIL import Image, ImageDraw, ImageFilter


def textured(width: int = 640, height: int = 480, *, seed: int = 1, brightness: int = 0) -> Image.Image:
    """A sharp, well-lit picture with structure (shapes on noise), deterministic per seed."""
    rng = random.Random(seed)
    image = Image.new("RGB", (width, height), (120 + brightness // 2, 140, 160))
    draw = ImageDraw.Draw(image)
    for _ in range(60):
        x, y = rng.randrange(width), rng.randrange(height)
        size = rng.randrange(10, max(11, width // 4))
        colour = tuple(min(255, max(0, rng.randrange(256) + brightness)) for _ in range(3))
        draw.rectangle((x, y, x + size, y + size // 2), fill=colour, outline=(0, 0, 0))
    return image


def jpeg(image: Image.Image | None = None, *, quality: int = 90, **save: object) -> bytes:
    out = io.BytesIO()
    (image or textured()).save(out, format="JPEG", quality=quality, **save)
    return out.getvalue()


def png(image: Image.Image | None = None) -> bytes:
    out = io.BytesIO()
    (image or textured()).save(out, format="PNG")
    return out.getvalue()


def webp(image: Image.Image | None = None) -> bytes:
    out = io.BytesIO()
    (image or textured()).save(out, format="WEBP")
    return out.getvalue()


def jpeg_with_gps() -> bytes:
    """A JPEG whose EXIF says where it was taken (Hamburg), who made it, and its orientation."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90
    gps = {1: "N", 2: (53.0, 33.0, 0.0), 3: "E", 4: (9.0, 59.0, 0.0)}
    exif[0x8825] = gps
    return jpeg(textured(640, 480), exif=exif.tobytes())


def dark_jpeg() -> bytes:
    return jpeg(textured(seed=3).point(lambda v: v // 12))


def blurry_jpeg() -> bytes:
    return jpeg(textured(seed=4).filter(ImageFilter.GaussianBlur(12)))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bomb(width: int = 100_000, height: int = 100_000) -> bytes:
    """A few hundred bytes claiming 10 gigapixels: decoding it would need ~30 GB."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (width * 3 + 1) * 4, 9)  # a little real data; the claim is the attack
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", rows) + _chunk(b"IEND", b"")


def zip_bytes() -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("payload.html", "<html><script>alert(1)</script></html>")
    return out.getvalue()


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<script>alert(document.cookie)</script><rect width="10" height="10"/></svg>'
)
HTML_PAGE = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
PDF_START = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
