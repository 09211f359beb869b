"""Refunds to the original payment method: amounts, the provider interface, settlement."""
