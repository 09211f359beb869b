"""The sizes and colours a returned line can be exchanged for, and holding the chosen one.

A variant is offered when it is another SKU of the line's style, in stock for the units sent
back, priced in the order's currency, and the policy allows its price difference. Holding it
takes the stock at once (the same guarded UPDATE as the exchange itself), so the customer gets
what the chat promised even if the last unit sells while the parcel travels back.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..errors import Conflict, InvalidInput
from ..models import OrderLine, Product, Rma, RmaLine
from ..models.exchange import ExchangeReservation, ProductVariant
from ..order import repository as orders
from ..policy import Policy
from ..policy.exchange_price import PriceDifference, price_difference
from . import repository


class VariantUnavailable(Conflict):
    title = "Variant not available"


@dataclass(frozen=True)
class Variant:
    sku: str
    name: str
    size: str | None
    colour: str | None
    unit_price_minor: int
    difference: PriceDifference


def exchange_options(session: Session, policy: Policy, line: OrderLine, quantity: int) -> list[Variant]:
    """The line's other sizes and colours in stock for `quantity` units that the policy allows."""
    own = repository.variant_of(session, line.sku)
    if own is None:
        return []
    rows = repository.variants_in_stock(
        session, style=own.style, other_than=line.sku, quantity=quantity, currency=line.order.currency
    )
    options = []
    for variant, product in rows:
        difference = price_difference(policy, line.unit_price_minor, product.price_minor, quantity)
        if difference.allowed:
            options.append(
                Variant(product.sku, product.name, variant.size, variant.colour, product.price_minor, difference)
            )
    return _sizes_in_order(options)


def reserve(session: Session, policy: Policy, rma: Rma, rma_line: RmaLine, sku: str) -> ExchangeReservation:
    """Take the chosen variant's units from stock for this return line. Only flushes."""
    line = rma_line.order_line
    chosen = next((v for v in exchange_options(session, policy, line, rma_line.quantity) if v.sku == sku), None)
    if chosen is None:
        own = repository.variant_of(session, line.sku)
        if (
            own is None
            or (other := repository.variant_of(session, sku)) is None
            or other.style != own.style
            or sku == line.sku
        ):
            raise InvalidInput(f"{sku} is not another size or colour of {line.name}; ask for the exchange options")
        raise VariantUnavailable(
            f"{sku} is no longer available for an exchange of {line.name}; choose another size or colour, or a refund"
        )
    if not repository.take(session, sku, rma_line.quantity):  # sold between the look-up and now
        raise VariantUnavailable(f"{sku} has just sold out; choose another size or colour, or a refund")
    reservation = ExchangeReservation(
        rma_id=rma.id,
        rma_line_id=rma_line.id,
        sku=sku,
        quantity=rma_line.quantity,
        paid_unit_minor=line.unit_price_minor,
        replacement_unit_minor=chosen.unit_price_minor,
        settlement=chosen.difference.settlement,
        difference_minor=chosen.difference.amount_minor,
        currency=rma.currency,
    )
    session.add(reservation)
    session.flush()
    return reservation


# Clothing sizes read small to large; anything else (shoe and waist sizes) by number, then by name.
_SIZE_ORDER = {size: rank for rank, size in enumerate(("XXS", "XS", "S", "M", "L", "XL", "XXL", "3XL"))}


def _sizes_in_order(options: list[Variant]) -> list[Variant]:
    def key(option: Variant) -> tuple:
        size = (option.size or "").upper()
        number = float(size) if size.replace(".", "", 1).isdigit() else None
        return (option.colour or "", _SIZE_ORDER.get(size, len(_SIZE_ORDER)), number or 0, size)

    return sorted(options, key=key)


def add_variant(
    session: Session,
    *,
    sku: str,
    style: str,
    name: str,
    category: str,
    price_minor: int,
    currency: str,
    size: str | None = None,
    colour: str | None = None,
    on_hand: int = 0,
) -> None:
    """Record a SKU as a size or colour of `style`, with its product row and stock (demo data,
    tests, a catalogue import). A product already known keeps its tags and final-sale flag. Only flushes."""
    product = orders.get_product(session, sku)
    if product is None:
        product = Product(sku=sku, tags=[], final_sale=False)
        session.add(product)
    product.name, product.category, product.price_minor, product.currency = name, category, price_minor, currency
    variant = repository.variant_of(session, sku) or ProductVariant(sku=sku)
    variant.style, variant.size, variant.colour = style, size, colour
    session.add(variant)
    session.flush()
    repository.set_on_hand(session, sku, on_hand)
