"""Proving ownership of an order: order number plus email or phone, rate limited."""
