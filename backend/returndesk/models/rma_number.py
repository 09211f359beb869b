"""RMA numbers: short enough to read over the phone, impossible to enumerate, self-checking.

Format: ``RMA-XXXX-XXXX-XXXX`` — 11 random Crockford base32 symbols (55 bits, ~3.6e16
possibilities) plus one check symbol over the same alphabet.

The check symbol treats each symbol as an element of GF(32) and makes the weighted sum
``sum(alpha**i * s_i)`` vanish, where alpha generates the field's multiplicative group; the
check symbol takes weight alpha**0 and the payload symbols alpha**1..alpha**11 (the check is
printed last, next to the symbol with weight alpha**11). Because every weight is non-zero, any
single wrong symbol changes the sum; because neighbouring weights differ, swapping two different
neighbours changes it too.
So every single-symbol typo and every adjacent transposition is caught before any lookup.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
PREFIX = "RMA"
PAYLOAD_LENGTH = 11
LENGTH = PAYLOAD_LENGTH + 1
_VALUE = {symbol: value for value, symbol in enumerate(ALPHABET)}
# Crockford's forgiving reads: letters people type for digits they saw.
_CONFUSABLE = {"O": "0", "I": "1", "L": "1"}
_IGNORED = " -_."

# GF(2^5) with the primitive polynomial x^5 + x^2 + 1.
_POLY = 0b100101


def _gf_mul(a: int, b: int) -> int:
    product = 0
    while b:
        if b & 1:
            product ^= a
        b >>= 1
        a <<= 1
        if a & 0b100000:
            a ^= _POLY
    return product


def _weights() -> tuple[int, ...]:
    weights, w = [], 1
    for _ in range(LENGTH):
        weights.append(w)
        w = _gf_mul(w, 0b00010)  # alpha = x is primitive for this polynomial
    return tuple(weights)


_WEIGHTS = _weights()


def _syndrome(values: list[int]) -> int:
    total = 0
    for weight, value in zip(_WEIGHTS, values, strict=True):
        total ^= _gf_mul(weight, value)  # addition in GF(2^n) is XOR
    return total


def _check_value(payload: list[int]) -> int:
    # Position 0 holds the check symbol with weight 1, so it equals the payload's syndrome.
    return _syndrome([0, *payload])


class InvalidRmaNumber(ValueError):
    """The text cannot be an RMA number; the message says what is wrong with it."""


def issue_rma_number(randbelow: Callable[[int], int] = secrets.randbelow) -> str:
    """A fresh random RMA number in canonical form (12 symbols, check symbol last).

    `randbelow` is the random source: the secrets module for real returns; generated demo
    history passes a seeded one so the same seed gives the same numbers."""
    payload = [randbelow(32) for _ in range(PAYLOAD_LENGTH)]
    return "".join(ALPHABET[v] for v in payload) + ALPHABET[_check_value(payload)]


def parse_rma_number(text: str) -> str:
    """Canonical form of a typed RMA number, forgiving case, spacing, hyphens and O/0, I/L/1."""
    cleaned = "".join(ch for ch in text.upper() if ch not in _IGNORED)
    # A bare 12-symbol number may itself begin with "RMA"; anything else loses the prefix.
    if cleaned.startswith(PREFIX) and len(cleaned) != LENGTH:
        cleaned = cleaned[len(PREFIX) :]
    cleaned = "".join(_CONFUSABLE.get(ch, ch) for ch in cleaned)
    if len(cleaned) != LENGTH:
        raise InvalidRmaNumber(
            f"an RMA number has {LENGTH} letters and digits after 'RMA' (like RMA-MVBT-J5SF-GT37); "
            f"'{text.strip()}' has {len(cleaned)}"
        )
    unknown = sorted({ch for ch in cleaned if ch not in _VALUE})
    if unknown:
        raise InvalidRmaNumber(f"an RMA number never contains {', '.join(unknown)}; please check it")
    values = [_VALUE[ch] for ch in cleaned]
    payload, check = values[:PAYLOAD_LENGTH], values[PAYLOAD_LENGTH]
    if _check_value(payload) != check:
        raise InvalidRmaNumber(
            f"'{text.strip()}' is not a valid RMA number — one character looks mistyped; please check it"
        )
    return cleaned


def format_rma_number(canonical: str) -> str:
    """Display form: RMA-XXXX-XXXX-XXXX."""
    return f"{PREFIX}-{canonical[0:4]}-{canonical[4:8]}-{canonical[8:12]}"
