"""Photos: checked from the header before any decoding, re-encoded without metadata.

The stored photo is a fresh JPEG we encoded from the decoded pixels, so whatever else the
upload carried (EXIF with GPS, XMP, comments, a ZIP or HTML appended after the image) is gone.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field

from PIL import Image, ImageFilter, ImageOps, ImageStat
from pillow_heif import register_heif_opener

from .errors import NOT_READABLE, UnreadableFile, UnsupportedFile
from .hashing import dhash
from .sniff import Sniffed

register_heif_opener()

MAX_PIXELS = 50_000_000  # a 48-megapixel phone photo fits; bombs do not
# Pillow's own guard as an error too: it raises above twice this, we refuse above it earlier.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
warnings.simplefilter("error", Image.DecompressionBombWarning)  # Pillow only warns up to twice the limit
LONGEST_SIDE = 4096  # stored photos are scaled down to this; evidence needs no more
THUMBNAIL_SIDE = 320
DARK_MEAN = 40  # mean luminance (0-255) below this: too dark
BLURRY_VARIANCE = 60.0  # variance of the Laplacian at 512 px below this: too blurry
TOO_MANY_PIXELS = f"That photo has too many pixels; photos may have up to {MAX_PIXELS // 10**6} megapixels."
FORMATS = {Sniffed.JPEG: "JPEG", Sniffed.PNG: "PNG", Sniffed.WEBP: "WEBP", Sniffed.HEIC: "HEIF"}

HINT_TEXT = {
    "too_dark": "The photo is very dark; if you can, please take it again in better light.",
    "too_blurry": "The photo looks blurry; if you can, please hold still and take it again.",
}


@dataclass
class ProcessedPhoto:
    jpeg: bytes
    thumbnail: bytes
    width: int
    height: int
    phash: int
    hints: list[str] = field(default_factory=list)


def process_photo(data: bytes, sniffed: Sniffed) -> ProcessedPhoto:
    try:
        image: Image.Image = Image.open(io.BytesIO(data), formats=[FORMATS[sniffed]])
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):  # Pillow's own header check
        raise UnreadableFile(TOO_MANY_PIXELS) from None
    except Exception:
        raise UnsupportedFile(NOT_READABLE) from None
    # The header's size, before a single pixel is decoded: a 1 KB PNG can claim 100 000 x 100 000.
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise UnreadableFile(TOO_MANY_PIXELS)
    try:
        image.load()
        image = ImageOps.exif_transpose(image)
        image = _flatten(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UnreadableFile(TOO_MANY_PIXELS) from None
    except Exception:
        raise UnreadableFile("That photo is damaged or incomplete; please send it again.") from None
    image.thumbnail((LONGEST_SIDE, LONGEST_SIDE), Image.Resampling.LANCZOS)
    return ProcessedPhoto(
        jpeg=_jpeg(image, quality=85),
        thumbnail=_jpeg(_thumbnail(image), quality=80),
        width=image.width,
        height=image.height,
        phash=dhash(image),
        hints=quality_hints(image),
    )


def _flatten(image: Image.Image) -> Image.Image:
    """RGB for JPEG: transparency goes onto white, palettes and greyscale become colour."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        canvas = Image.new("RGB", rgba.size, "white")
        canvas.paste(rgba, mask=rgba.getchannel("A"))
        return canvas
    return image.convert("RGB")


def _thumbnail(image: Image.Image) -> Image.Image:
    thumb = image.copy()
    thumb.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
    return thumb


def _jpeg(image: Image.Image, *, quality: int) -> bytes:
    out = io.BytesIO()
    # No exif=, no icc_profile=, no comment: Pillow writes none of them unless asked.
    image.save(out, format="JPEG", quality=quality, optimize=False)
    return out.getvalue()


def quality_hints(image: Image.Image) -> list[str]:
    grey = image.convert("L")
    grey.thumbnail((512, 512), Image.Resampling.BILINEAR)
    hints = []
    if ImageStat.Stat(grey).mean[0] < DARK_MEAN:
        hints.append("too_dark")
    laplacian = grey.filter(ImageFilter.Kernel((3, 3), (0, 1, 0, 1, -4, 1, 0, 1, 0), scale=1, offset=128))
    if ImageStat.Stat(laplacian).var[0] < BLURRY_VARIANCE and "too_dark" not in hints:
        hints.append("too_blurry")
    return hints
