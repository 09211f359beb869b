"""escalations

Revision ID: c2bc0cd8d301
Revises: b1e7be3b1e33
Create Date: 2026-11-26 13:43:26.515410
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import returndesk.models.base

revision: str = 'c2bc0cd8d301'
down_revision: str | None = 'b1e7be3b1e33'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('escalations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('conversation_id', sa.String(length=128), nullable=False),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('trigger', sa.String(length=32), nullable=False),
    sa.Column('order_number', sa.String(length=64), nullable=True),
    sa.Column('rma_number', sa.String(length=16), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('created_at', returndesk.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_escalations')),
    sa.UniqueConstraint('reference', name=op.f('uq_escalations_reference'))
    )
    with op.batch_alter_table('escalations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_escalations_conversation_id'), ['conversation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_escalations_status'), ['status'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('escalations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_escalations_status'))
        batch_op.drop_index(batch_op.f('ix_escalations_conversation_id'))

    op.drop_table('escalations')
