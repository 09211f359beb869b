"""The append-only audit log: `record()` writes an event of a known `Kind`; the read side lists
events for the console and as CSV for spreadsheets."""

from .events import Kind, record

__all__ = ["Kind", "record"]
