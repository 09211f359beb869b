"""The customer the shop vouched for, as the chat channel passed it on.

When the shop's page opened the chat with a signed customer context, the returns service
checked it and wrote the customer (and order) into the chat token; Rasa's signed connectors
(`bot/channels/`) verify that token on every message and put its context into the message's
metadata under METADATA_KEY, replacing anything the client sent under that key. So a value
here was signed by the service, never made up by the browser. The actions still prove nothing
with it on their own: they verify the order with the customer's email through the service, as
if the customer had typed both — the customer just doesn't have to.
"""

from __future__ import annotations

from dataclasses import dataclass

from rasa_sdk import Tracker

# The same key as bot/channels/tokens.py CONTEXT_METADATA_KEY (a test keeps them equal).
METADATA_KEY = "returndesk_verified"


@dataclass(frozen=True)
class SignedInCustomer:
    email: str
    order_number: str | None  # the order the shop's page was about, if it named one


def signed_in_customer(tracker: Tracker) -> SignedInCustomer | None:
    """The verified customer of the message being handled, or None for an anonymous chat."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            metadata = event.get("metadata")
            verified = metadata.get(METADATA_KEY) if isinstance(metadata, dict) else None
            return _customer(verified)
    return None


def _customer(verified: object) -> SignedInCustomer | None:
    if not isinstance(verified, dict) or not isinstance(verified.get("email"), str) or not verified["email"]:
        return None
    order_number = verified.get("order_number")
    return SignedInCustomer(verified["email"], order_number if isinstance(order_number, str) and order_number else None)
