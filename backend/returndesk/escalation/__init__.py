"""Escalations: a customer's case handed to a person (the live handoff comes later)."""
