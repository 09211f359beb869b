"""The chat stand-ins of helpers.py as fixtures for this folder."""

from .helpers import chat, no_rasa  # noqa: F401 - fixtures
