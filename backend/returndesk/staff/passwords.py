"""Password hashing with argon2id, at the cost the settings give (RFC 9106's recommendation unless
lowered for tests: returndesk/config.py).

Unknown usernames are checked against a dummy hash, so a login takes as long whether or not the
user exists and the answer's timing does not reveal who works here.
"""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ..config import get_settings

MIN_LENGTH = 12


@lru_cache
def _hasher() -> PasswordHasher:
    settings = get_settings()
    return PasswordHasher(time_cost=settings.password_hash_time_cost, memory_cost=settings.password_hash_memory_kib)


@lru_cache
def _dummy_hash() -> str:
    return _hasher().hash("not-a-real-password-only-for-timing")


class WeakPassword(ValueError):
    pass


def hash_password(password: str) -> str:
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"a password needs at least {MIN_LENGTH} characters")
    return _hasher().hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Whether `password` matches; with no stored hash it still spends the same time and says no."""
    try:
        return _hasher().verify(stored_hash or _dummy_hash(), password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """True when the hash was made with other parameters than today's settings."""
    return _hasher().check_needs_rehash(stored_hash)
