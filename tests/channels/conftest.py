"""Fixtures for the channel tests: the echo server (see helpers.py)."""

from .helpers import echo_server  # noqa: F401 (a fixture)
