"""A return as the customer and the desk handle it: ask, decide, show, change, add evidence.

It sits above the packages it brings together (rma's record and lifecycle, exchange, label,
offer, notification, payment, escalation), which is why it is not part of rma: rma stays below
them all.
"""
