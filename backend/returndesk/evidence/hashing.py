"""A 64-bit difference hash (dHash) per photo, and how near two hashes are.

dHash survives re-encoding, resizing and small colour changes: the same photo sent again,
or a catalogue picture saved as a "damage photo", lands within a few bits.
"""

from __future__ import annotations

from PIL import Image

NEAR_DISTANCE = 3  # at most this many differing bits is "the same photo"; see the four bands


def dhash(image: Image.Image) -> int:
    small = image.convert("L").resize((9, 8), Image.Resampling.LANCZOS)
    pixels = small.tobytes()  # mode L: one byte per pixel, row by row
    value = 0
    for row in range(8):
        for col in range(8):
            value = (value << 1) | (pixels[row * 9 + col] > pixels[row * 9 + col + 1])
    return value


def distance(a: int, b: int) -> int:
    return ((a ^ b) & (2**64 - 1)).bit_count()


def bands(value: int) -> tuple[int, int, int, int]:
    """Four 16-bit slices: by pigeonhole, hashes within 3 bits share at least one slice."""
    unsigned = value & (2**64 - 1)
    return (unsigned >> 48) & 0xFFFF, (unsigned >> 32) & 0xFFFF, (unsigned >> 16) & 0xFFFF, unsigned & 0xFFFF


def to_signed(value: int) -> int:
    """Stored in a signed 64-bit column."""
    return value - 2**64 if value >= 2**63 else value
