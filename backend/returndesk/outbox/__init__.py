"""Leases on outbox rows, shared by the notification and webhook workers (outbox/repository.py)."""

from .repository import Leases, backoff

__all__ = ["Leases", "backoff"]
