"""Demo console users, one per role, for development only (the README lists them)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import StaffUser
from ..staff.service import add_staff

# Printed on the console's login page in development; never created in production.
DEMO_PASSWORD = "returndesk-demo"
DEMO_STAFF = (
    ("alice", "Alice", "agent"),
    ("sam", "Sam", "senior_agent"),
    ("sofia", "Sofia", "supervisor"),
    ("wim", "Wim", "warehouse"),
    ("ada", "Ada", "admin"),
)


def seed_staff(session: Session) -> int:
    """Create the demo users in a database that has no console users yet."""
    if session.scalar(select(func.count(StaffUser.id))):
        return 0
    for username, name, role in DEMO_STAFF:
        add_staff(
            session,
            username=username,
            password=DEMO_PASSWORD,
            role=role,
            display_name=name,
            email=f"{username}@returndesk.example",
        )
    return len(DEMO_STAFF)
