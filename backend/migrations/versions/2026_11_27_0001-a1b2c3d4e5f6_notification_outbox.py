"""notification outbox and opt-outs

Filled in by the issue-6 step that owns it (backend/returndesk/notification/); until then it changes nothing.

Revision ID: a1b2c3d4e5f6
Revises: e424a172bec1
Create Date: 2026-11-27 00:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

import returndesk.models.base  # noqa: F401

revision: str = "a1b2c3d4e5f6"
down_revision: str | None = "e424a172bec1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
