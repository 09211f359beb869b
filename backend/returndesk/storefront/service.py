"""What the demo storefront shows: the ready-to-try orders and where the widget talks to."""

from __future__ import annotations

from dataclasses import dataclass

from ..chat.shop_context import sign_shop_context
from ..config import REPO_DIR, Settings
from ..demo.catalogue import PRODUCTS, SHOWCASE_NOTES, SHOWCASE_ORDERS

WIDGET_DIR = REPO_DIR / "bot" / "widget"
# The browser files of the widget; the rest of bot/widget (package.json, node_modules) is never served.
WIDGET_PUBLIC_DIR = WIDGET_DIR / "public"
SOCKET_IO_CLIENT = WIDGET_DIR / "node_modules" / "socket.io-client" / "dist" / "socket.io.min.js"

# The demo "signed-in customer" (development and test only): the cookie names a showcase order.
DEMO_CUSTOMER_COOKIE = "returndesk_demo_customer"
_SHOWCASE_EMAILS = {number: email for number, email, *_ in SHOWCASE_ORDERS}

_PRODUCT_NAMES = {sku: name for sku, name, *_ in PRODUCTS}
_PRODUCT_PRICES = {sku: price for sku, _name, _category, price, *_ in PRODUCTS}


@dataclass(frozen=True)
class DemoOrder:
    number: str
    email: str
    items: list[str]
    note: str


@dataclass(frozen=True)
class Product:
    name: str
    price: str


@dataclass(frozen=True)
class WidgetTag:
    script_src: str
    service_url: str
    rasa_url: str
    context: str | None = None  # a signed customer context, when a (demo) customer is signed in


@dataclass(frozen=True)
class DemoCustomer:
    email: str
    order_number: str


def demo_orders() -> list[DemoOrder]:
    return [
        DemoOrder(
            number=number,
            email=email,
            items=[f"{qty} × {_PRODUCT_NAMES[sku]}" if qty > 1 else _PRODUCT_NAMES[sku] for sku, qty in lines],
            note=SHOWCASE_NOTES.get(number, ""),
        )
        for number, email, _days, lines in SHOWCASE_ORDERS
    ]


def featured_products() -> list[Product]:
    skus = ("AP-JEANS-SLIM", "SH-RUN-42", "EL-HEADPH", "AP-JACKET-RAIN", "SH-BOOT-CH", "HM-LAMP", "BE-SHAVER", "HM-RUG")
    return [Product(name=_PRODUCT_NAMES[sku], price=f"€{_PRODUCT_PRICES[sku] / 100:,.2f}") for sku in skus]


def demo_customer(settings: Settings, order_number: str | None) -> DemoCustomer | None:
    """The signed-in demo customer of a showcase order; None outside development and test."""
    if not settings.is_development or order_number not in _SHOWCASE_EMAILS:
        return None
    return DemoCustomer(email=_SHOWCASE_EMAILS[order_number], order_number=order_number)


def widget_tag(settings: Settings, page_origin: str, customer: DemoCustomer | None = None) -> WidgetTag:
    # The page is served by the service itself, so the origin the browser loaded it from is one
    # that reaches the service (whatever port or host name the visitor used); Rasa is elsewhere.
    service_url = page_origin.rstrip("/")
    context = None
    if customer is not None:
        # Here the service plays the shop's server: a real shop signs this with its copy of the
        # shop context secret when it renders a page for a signed-in customer.
        context = sign_shop_context(settings.shop_context_secret, customer.email, customer.order_number)
    return WidgetTag(
        script_src=f"{service_url}/widget/returndesk-widget.js",
        service_url=service_url,
        rasa_url=settings.rasa_url.rstrip("/"),
        context=context,
    )
