"""keep-item offers belong to the order line, not the chat: one open offer per line

The ladder used to be per conversation (unique conversation, line, rung), so two chats could each
hold an open offer for the same unit and both be accepted. Now one partial unique index allows a
single open offer per order line; `withdrawn_why` keeps why an offer can no longer be taken.
Before the index is built, surplus open offers are withdrawn: those on a line already kept under
an accepted offer, and all but the newest open one on any other line.

Revision ID: ed2df04e0eb4
Revises: c9d0e1f2a3b4
Create Date: 2026-12-07 00:01:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "ed2df04e0eb4"
down_revision: str | None = "c9d0e1f2a3b4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = sa.text("status = 'offered'")
SURPLUS_WHY = (
    "another offer for the same item replaced it when offers moved from chats to items; "
    "ask again for the current offer, or go on with the return"
)
WITHDRAW_SURPLUS = """
UPDATE bot_offers SET status = 'withdrawn', answered_at = CURRENT_TIMESTAMP, withdrawn_why = :why
WHERE status = 'offered' AND (
    EXISTS (SELECT 1 FROM bot_offers AS other
            WHERE other.order_line_id = bot_offers.order_line_id AND other.status = 'accepted')
    OR id < (SELECT max(other.id) FROM bot_offers AS other
             WHERE other.order_line_id = bot_offers.order_line_id AND other.status = 'offered')
)
"""


def upgrade() -> None:
    with op.batch_alter_table("bot_offers", schema=None) as batch_op:
        batch_op.drop_constraint("uq_bot_offers_conversation_id_order_line_id_rung", type_="unique")
        batch_op.add_column(sa.Column("withdrawn_why", sa.Text(), nullable=True))
        batch_op.create_index(batch_op.f("ix_bot_offers_order_line_id"), ["order_line_id"], unique=False)
    op.execute(sa.text(WITHDRAW_SURPLUS).bindparams(why=SURPLUS_WHY))
    op.create_index(
        "uq_bot_offers_open_per_line",
        "bot_offers",
        ["order_line_id"],
        unique=True,
        sqlite_where=OPEN,
        postgresql_where=OPEN,
    )


def downgrade() -> None:
    op.drop_index("uq_bot_offers_open_per_line", table_name="bot_offers")
    with op.batch_alter_table("bot_offers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bot_offers_order_line_id"))
        batch_op.drop_column("withdrawn_why")
        batch_op.create_unique_constraint(
            "uq_bot_offers_conversation_id_order_line_id_rung", ["conversation_id", "order_line_id", "rung"]
        )
