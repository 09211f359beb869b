"""Fixtures for the end-to-end tests: Chromium and a fresh page (tests/browser.py)."""

from ..browser import browser, page  # noqa: F401 (fixtures)
