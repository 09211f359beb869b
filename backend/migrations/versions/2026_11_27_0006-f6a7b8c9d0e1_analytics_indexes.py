"""indexes for the analytics dashboard's queries

Every dashboard query selects orders by the day they were placed (`orders.placed_at`); cycle
times and the return costs look up, per return, the first event that reached a status
(`rma_events (rma_id, to_status, at)`: answered from the index alone). The joins from order
lines, return lines and ledger entries to their order already have indexes.

On PostgreSQL also the daily rollups of returndesk/analytics/rollups.py, created empty (the
metrics stay live until `python -m returndesk.analytics.rollups` fills them).

Revision ID: f6a7b8c9d0e1
Revises: e5f6a7b8c9d0
Create Date: 2026-11-27 03:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "f6a7b8c9d0e1"
down_revision: str | None = "e5f6a7b8c9d0"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


SALES_DAILY = """
CREATE MATERIALIZED VIEW analytics_sales_daily AS
WITH returned AS (
    SELECT rl.order_line_id, sum(rl.quantity) AS units
    FROM rma_lines rl JOIN rmas r ON r.id = rl.rma_id
    WHERE r.status NOT IN ('rejected', 'cancelled')
    GROUP BY rl.order_line_id
), lines AS (
    SELECT (o.placed_at AT TIME ZONE 'UTC')::date AS day, o.id AS order_id, ol.sku, ol.category, ol.name,
           ol.quantity, ol.unit_price_minor, coalesce(ret.units, 0) AS returned
    FROM order_lines ol JOIN orders o ON o.id = ol.order_id LEFT JOIN returned ret ON ret.order_line_id = ol.id
)
SELECT day, GROUPING(category, sku) AS level, coalesce(category, '') AS category, coalesce(sku, '') AS sku,
       max(name) AS name,
       sum(quantity) AS units_sold, sum(quantity * unit_price_minor) AS revenue_sold,
       count(DISTINCT order_id) AS orders_placed,
       sum(returned) AS units_returned, sum(returned * unit_price_minor) AS revenue_returned,
       count(DISTINCT order_id) FILTER (WHERE returned > 0) AS orders_with_returns
FROM lines
GROUP BY GROUPING SETS ((day, category, sku), (day, category), (day))
WITH NO DATA
"""
REASONS_DAILY = """
CREATE MATERIALIZED VIEW analytics_reasons_daily AS
SELECT (o.placed_at AT TIME ZONE 'UTC')::date AS day, ol.category, ol.sku, rl.reason, sum(rl.quantity) AS units
FROM rma_lines rl
JOIN rmas r ON r.id = rl.rma_id
JOIN order_lines ol ON ol.id = rl.order_line_id
JOIN orders o ON o.id = ol.order_id
WHERE r.status NOT IN ('rejected', 'cancelled')
GROUP BY 1, 2, 3, 4
WITH NO DATA
"""
RETURN_FACTS = """
CREATE MATERIALIZED VIEW analytics_return_facts AS
WITH firsts AS (
    SELECT rma_id,
           min(at) FILTER (WHERE to_status = 'requested') AS requested,
           min(at) FILTER (WHERE to_status = 'approved') AS approved,
           min(at) FILTER (WHERE to_status = 'received') AS received,
           min(at) FILTER (WHERE to_status = 'resolved') AS resolved,
           bool_or(to_status IN ('in_transit', 'received')) AS sent_back
    FROM rma_events GROUP BY rma_id
)
SELECT r.id AS rma_id, (o.placed_at AT TIME ZONE 'UTC')::date AS day,
       ARRAY(SELECT DISTINCT ol.category FROM rma_lines rl JOIN order_lines ol ON ol.id = rl.order_line_id
             WHERE rl.rma_id = r.id) AS categories,
       coalesce((r.decision->>'shipping_payer') <> 'customer' AND f.sent_back, false) AS shop_label,
       EXISTS (SELECT 1 FROM warehouse_receipts w WHERE w.rma_id = r.id) AS has_receipt,
       EXISTS (SELECT 1 FROM exchange_orders x WHERE x.rma_id = r.id) AS has_exchange,
       CASE WHEN f.approved >= f.requested THEN extract(epoch FROM f.approved - f.requested) / 3600 END
           AS request_to_approval,
       CASE WHEN f.received >= f.approved THEN extract(epoch FROM f.received - f.approved) / 3600 END
           AS approval_to_receipt,
       CASE WHEN f.resolved >= f.received THEN extract(epoch FROM f.resolved - f.received) / 3600 END
           AS receipt_to_refund
FROM rmas r JOIN orders o ON o.id = r.order_id LEFT JOIN firsts f ON f.rma_id = r.id
WHERE r.status NOT IN ('rejected', 'cancelled')
WITH NO DATA
"""
MONEY_DAILY = """
CREATE MATERIALIZED VIEW analytics_money_daily AS
SELECT (placed_at AT TIME ZONE 'UTC')::date AS day, category, measure, sum(amount)::bigint AS amount
FROM (
    SELECT o.placed_at, ol.category, 'loss_' || im.grade AS measure, im.quantity * ol.unit_price_minor AS amount
    FROM inventory_movements im
    JOIN rma_lines rl ON rl.id = im.rma_line_id
    JOIN rmas r ON r.id = rl.rma_id
    JOIN order_lines ol ON ol.id = rl.order_line_id
    JOIN orders o ON o.id = ol.order_id
    WHERE r.status NOT IN ('rejected', 'cancelled')
    UNION ALL
    SELECT o.placed_at, ol.category, CASE WHEN le.kind = 'coupon' THEN 'coupons' ELSE 'compensation' END,
           le.amount_minor
    FROM ledger_entries le JOIN order_lines ol ON ol.id = le.order_line_id JOIN orders o ON o.id = ol.order_id
    WHERE le.kind = 'coupon' OR (le.kind IN ('refund', 'store_credit') AND le.rma_id IS NULL)
    UNION ALL
    SELECT o.placed_at, ol.category, 'avoided', b.return_cost_minor - b.amount_minor
    FROM bot_offers b JOIN order_lines ol ON ol.id = b.order_line_id JOIN orders o ON o.id = ol.order_id
    WHERE b.status = 'accepted'
    UNION ALL
    SELECT o.placed_at, ol.category, m.measure, 1
    FROM refund_payments rp
    JOIN ledger_entries le ON le.id = rp.ledger_entry_id
    JOIN order_lines ol ON ol.id = le.order_line_id
    JOIN orders o ON o.id = rp.order_id
    CROSS JOIN LATERAL (VALUES ('refunds'), (CASE
        WHEN rp.status = 'settled' AND rp.settled_at <= rp.due_at THEN 'refunds_on_time'
        WHEN rp.status = 'settled' AND rp.settled_at > rp.due_at THEN 'refunds_late' END)) AS m (measure)
    WHERE rp.due_at IS NOT NULL AND m.measure IS NOT NULL
) AS money
GROUP BY 1, 2, 3
WITH NO DATA
"""
# What the transit-damage insight compares: units shipped and units back as damaged in transit, per
# day, carrier and warehouse (a few dozen rows a day). Carrier or warehouse may be NULL: such rows
# are simply re-inserted by every concurrent refresh.
SHIPPING_DAILY = """
CREATE MATERIALIZED VIEW analytics_shipping_daily AS
WITH damaged AS (
    SELECT rl.order_line_id, sum(rl.quantity) AS units
    FROM rma_lines rl JOIN rmas r ON r.id = rl.rma_id
    WHERE r.status NOT IN ('rejected', 'cancelled') AND rl.reason = 'damaged_in_transit'
    GROUP BY rl.order_line_id
)
SELECT (o.placed_at AT TIME ZONE 'UTC')::date AS day, o.carrier, o.ships_from,
       sum(ol.quantity) AS units_shipped, coalesce(sum(d.units), 0) AS units_damaged
FROM order_lines ol JOIN orders o ON o.id = ol.order_id LEFT JOIN damaged d ON d.order_line_id = ol.id
GROUP BY 1, 2, 3
WITH NO DATA
"""
SHIPPING_DAILY_INDEX = (
    "CREATE UNIQUE INDEX ix_analytics_shipping_daily ON analytics_shipping_daily (day, carrier, ships_from)"
)


def upgrade() -> None:
    op.create_index("ix_orders_placed_at", "orders", ["placed_at"])
    op.create_index("ix_rma_events_rma_id_to_status_at", "rma_events", ["rma_id", "to_status", "at"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(SALES_DAILY)
        # Unique indexes: what REFRESH ... CONCURRENTLY needs, and what the dashboard reads by.
        op.execute("CREATE UNIQUE INDEX ix_analytics_sales_daily ON analytics_sales_daily (level, day, category, sku)")
        op.execute(REASONS_DAILY)
        op.execute("CREATE UNIQUE INDEX ix_reasons_daily ON analytics_reasons_daily (day, category, sku, reason)")
        op.execute(RETURN_FACTS)
        op.execute("CREATE UNIQUE INDEX ix_analytics_return_facts ON analytics_return_facts (rma_id)")
        op.execute("CREATE INDEX ix_analytics_return_facts_day ON analytics_return_facts (day)")
        op.execute(MONEY_DAILY)
        op.execute("CREATE UNIQUE INDEX ix_analytics_money_daily ON analytics_money_daily (day, category, measure)")
        op.execute(SHIPPING_DAILY)
        op.execute(SHIPPING_DAILY_INDEX)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP MATERIALIZED VIEW analytics_shipping_daily")
        op.execute("DROP MATERIALIZED VIEW analytics_money_daily")
        op.execute("DROP MATERIALIZED VIEW analytics_return_facts")
        op.execute("DROP MATERIALIZED VIEW analytics_reasons_daily")
        op.execute("DROP MATERIALIZED VIEW analytics_sales_daily")
    op.drop_index("ix_rma_events_rma_id_to_status_at", table_name="rma_events")
    op.drop_index("ix_orders_placed_at", table_name="orders")
