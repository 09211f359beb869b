"""the language of a case: escalations.locale, carried from the chat or the return

The assistant sends its `language` slot as `locale` when it opens a case, and a return parked for
review passes on its own; the console shows it so the agent answers in the customer's language.
Existing cases were all opened by an English-only assistant: 'en'.

Revision ID: 47714f9315a9
Revises: 0617913f74e2
Create Date: 2026-12-07 11:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "47714f9315a9"
down_revision: str | None = "0617913f74e2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("escalations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("locale", sa.String(length=16), server_default="en", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("escalations", schema=None) as batch_op:
        batch_op.drop_column("locale")
