"""Fixtures for the widget's own browser tests (tests/browser.py)."""

from ..browser import browser, page  # noqa: F401 (fixtures)
