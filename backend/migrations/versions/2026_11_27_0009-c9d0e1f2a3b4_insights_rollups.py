"""what the insights need at a million return lines: returns newest first, frequent returners

Each finding lists its newest returns: `ix_rmas_created_at` lets the database walk returns newest
first and stop at twenty. The abnormal-customer rule looked at every customer's returns in the
range; on PostgreSQL `analytics_frequent_returners` holds returns per order day of the few
customers with at least FREQUENT_RETURNS_FLOOR returns ever (returndesk/analytics/rollups.py),
the only ones who can have that many in any range; it is refreshed with the other rollups.

Revision ID: c9d0e1f2a3b4
Revises: b8c9d0e1f2a3
Create Date: 2026-11-27 06:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "c9d0e1f2a3b4"
down_revision: str | None = "b8c9d0e1f2a3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FREQUENT_RETURNERS = """
CREATE MATERIALIZED VIEW analytics_frequent_returners AS
WITH counted AS (
    SELECT o.customer_id, (o.placed_at AT TIME ZONE 'UTC')::date AS day
    FROM rmas r JOIN orders o ON o.id = r.order_id
    WHERE r.status NOT IN ('rejected', 'cancelled')
), frequent AS (
    SELECT customer_id FROM counted GROUP BY customer_id HAVING count(*) >= 4
)
SELECT customer_id, day, count(*) AS returns
FROM counted JOIN frequent USING (customer_id)
GROUP BY customer_id, day
WITH NO DATA
"""


def upgrade() -> None:
    op.create_index("ix_rmas_created_at", "rmas", ["created_at"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(FREQUENT_RETURNERS)
        # Unique: what REFRESH ... CONCURRENTLY needs.
        op.execute(
            "CREATE UNIQUE INDEX ix_analytics_frequent_returners ON analytics_frequent_returners (customer_id, day)"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP MATERIALIZED VIEW analytics_frequent_returners")
    op.drop_index("ix_rmas_created_at", table_name="rmas")
