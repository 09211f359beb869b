"""The append-only audit log's write side: `record()` writes an event of a known `Kind`.

It needs only the models, so every domain package may record; the read side, which joins
orders, returns and cases, is `returndesk.audit_log`."""

from .events import Kind, record

__all__ = ["Kind", "record"]
