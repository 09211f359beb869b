"""Money movements (refunds, coupons, store credit), each a ledger row, checked against authority."""
