"""Tracking return parcels: the carrier's events move the return on, and may refund it."""
