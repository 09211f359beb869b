"""Sending the report by email through the notification outbox: the row is written in the caller's
transaction and the notification worker delivers it with its retries, like every other email.

The report is rendered here (HTML and its Markdown as the text part) and stored on the row, so the
mail is exactly what the command produced, whenever the worker gets to it.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from ...models import NotificationOutbox, utcnow
from ...notification.channels import PREPARED_EMAIL
from .build import Report
from .render import render


def queue_report_email(session: Session, report: Report, recipient: str) -> NotificationOutbox:
    """One outbox row per (range, recipient, run): running the command again sends again. Only flushes."""
    stamp = report.generated_at.strftime("%Y%m%dT%H%M%S%f")
    row = NotificationOutbox(
        key=f"report:{report.scope.date_from}:{report.scope.date_to}:{recipient}:{stamp}"[:200],
        event=PREPARED_EMAIL,
        channel="email",
        recipient=recipient,
        data={"subject": report.subject, "text": render(report, "md"), "html": render(report, "html")},
        status="pending",
        next_attempt_at=utcnow(),
    )
    session.add(row)
    session.flush()
    return row
