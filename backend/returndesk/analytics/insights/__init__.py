"""Insight rules: turn the return numbers into findings, each for the team that can act on it."""
