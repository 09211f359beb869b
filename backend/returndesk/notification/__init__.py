"""Notifications to customers: an outbox written in the caller's transaction, a worker that sends
it (email, SMS, chat) with retries, and customers' opt-outs.

For other steps: ``from returndesk.notification import enqueue`` and call
``enqueue(session, "received", rma)`` in the same transaction as the change (see service.py).
"""

from .messages import EVENTS
from .service import UnknownEvent, enqueue

__all__ = ["EVENTS", "UnknownEvent", "enqueue"]
