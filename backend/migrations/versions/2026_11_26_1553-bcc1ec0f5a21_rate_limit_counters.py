"""rate limit counters: fixed-window request counts per client (new chat sessions)

Revision ID: bcc1ec0f5a21
Revises: c2bc0cd8d301
Create Date: 2026-11-26 15:53:55.946005
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'bcc1ec0f5a21'
down_revision: str | None = 'c2bc0cd8d301'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('rate_limit_counters',
    sa.Column('scope', sa.String(length=32), nullable=False),
    sa.Column('client_key', sa.String(length=128), nullable=False),
    sa.Column('window_start', sa.BigInteger(), nullable=False),
    sa.Column('hits', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('scope', 'client_key', 'window_start', name=op.f('pk_rate_limit_counters'))
    )
    with op.batch_alter_table('rate_limit_counters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rate_limit_counters_window_start'), ['window_start'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('rate_limit_counters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rate_limit_counters_window_start'))

    op.drop_table('rate_limit_counters')
