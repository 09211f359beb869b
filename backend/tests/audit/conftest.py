"""The chat stand-ins shared with the ledger tests."""

from ..ledger.helpers import chat, no_rasa  # noqa: F401 - fixtures
