"""Where replacement orders go: a small base class with a local default.

A shop with an order system installs its own sink (`use_exchange_sink`) that creates the
replacement there and answers with that system's order reference. The local sink only records:
the exchange row is the replacement order, and its reference is derived from the row's id.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..models.payment import ExchangeOrder


class ExchangeSink:
    name = "base"

    def place(self, session: Session, exchange: ExchangeOrder) -> str:
        """Create the replacement order; answer its reference. Must be safe to call twice for one
        exchange (answer the same reference): a retried request calls it again."""
        raise NotImplementedError


class LocalExchangeSink(ExchangeSink):
    """Records replacement orders locally (the exchange_orders table is the order book)."""

    name = "local"

    def place(self, session: Session, exchange: ExchangeOrder) -> str:
        return f"EX-{exchange.id:06d}"


_sink: ExchangeSink = LocalExchangeSink()


def get_exchange_sink() -> ExchangeSink:
    return _sink


def use_exchange_sink(sink: ExchangeSink) -> None:
    global _sink
    _sink = sink
