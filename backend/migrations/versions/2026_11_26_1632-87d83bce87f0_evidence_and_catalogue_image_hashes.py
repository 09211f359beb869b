"""evidence and catalogue image hashes

Revision ID: 87d83bce87f0
Revises: bcc1ec0f5a21
Create Date: 2026-11-26 16:32:16.063422
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql
import returndesk.models.base

revision: str = '87d83bce87f0'
down_revision: str | None = 'bcc1ec0f5a21'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('catalogue_image_hashes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sku', sa.String(length=64), nullable=False),
    sa.Column('phash', sa.BigInteger(), nullable=False),
    sa.Column('band0', sa.Integer(), nullable=False),
    sa.Column('band1', sa.Integer(), nullable=False),
    sa.Column('band2', sa.Integer(), nullable=False),
    sa.Column('band3', sa.Integer(), nullable=False),
    sa.Column('created_at', returndesk.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_catalogue_image_hashes'))
    )
    with op.batch_alter_table('catalogue_image_hashes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_catalogue_image_hashes_band0'), ['band0'], unique=False)
        batch_op.create_index(batch_op.f('ix_catalogue_image_hashes_band1'), ['band1'], unique=False)
        batch_op.create_index(batch_op.f('ix_catalogue_image_hashes_band2'), ['band2'], unique=False)
        batch_op.create_index(batch_op.f('ix_catalogue_image_hashes_band3'), ['band3'], unique=False)
        batch_op.create_index(batch_op.f('ix_catalogue_image_hashes_sku'), ['sku'], unique=False)

    op.create_table('evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=40), nullable=False),
    sa.Column('conversation_id', sa.String(length=128), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=True),
    sa.Column('rma_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=64), nullable=False),
    sa.Column('media_type', sa.String(length=64), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('bytes', sa.Integer(), nullable=False),
    sa.Column('duration_seconds', sa.Float(), nullable=True),
    sa.Column('file_key', sa.String(length=128), nullable=False),
    sa.Column('thumbnail_key', sa.String(length=128), nullable=False),
    sa.Column('phash', sa.BigInteger(), nullable=True),
    sa.Column('band0', sa.Integer(), nullable=True),
    sa.Column('band1', sa.Integer(), nullable=True),
    sa.Column('band2', sa.Integer(), nullable=True),
    sa.Column('band3', sa.Integer(), nullable=True),
    sa.Column('hints', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('flags', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('created_at', returndesk.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_evidence_order_id_orders')),
    sa.ForeignKeyConstraint(['rma_id'], ['rmas.id'], name=op.f('fk_evidence_rma_id_rmas')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence')),
    sa.UniqueConstraint('public_id', name=op.f('uq_evidence_public_id'))
    )
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_band0'), ['band0'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_band1'), ['band1'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_band2'), ['band2'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_band3'), ['band3'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_conversation_id'), ['conversation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_rma_id'), ['rma_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_rma_id'))
        batch_op.drop_index(batch_op.f('ix_evidence_order_id'))
        batch_op.drop_index(batch_op.f('ix_evidence_conversation_id'))
        batch_op.drop_index(batch_op.f('ix_evidence_band3'))
        batch_op.drop_index(batch_op.f('ix_evidence_band2'))
        batch_op.drop_index(batch_op.f('ix_evidence_band1'))
        batch_op.drop_index(batch_op.f('ix_evidence_band0'))

    op.drop_table('evidence')
    with op.batch_alter_table('catalogue_image_hashes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_catalogue_image_hashes_sku'))
        batch_op.drop_index(batch_op.f('ix_catalogue_image_hashes_band3'))
        batch_op.drop_index(batch_op.f('ix_catalogue_image_hashes_band2'))
        batch_op.drop_index(batch_op.f('ix_catalogue_image_hashes_band1'))
        batch_op.drop_index(batch_op.f('ix_catalogue_image_hashes_band0'))

    op.drop_table('catalogue_image_hashes')
