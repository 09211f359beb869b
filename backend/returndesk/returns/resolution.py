"""A customer turning their return into an exchange (or back into a refund) before it ships.

"Can I change it to an exchange instead?" after the RMA was issued: allowed while nothing has
left the customer's hands (requested, waiting for review, approved), only when the return's
decision offered an exchange for that reason and item, and only for a size or colour in stock
whose price difference the policy allows. The chosen variant is held exactly as when a return is
opened as an exchange (exchange/variants.py: stock taken, the policy's settlement of the
difference kept); the return's preferred resolution becomes exchange, and a timeline event says
so. Choosing the variant already held answers the return as it is, so a retried call never holds
a second unit. Refusals are sentences in the caller's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..errors import Conflict, InvalidInput
from ..exchange import repository as exchange_repository
from ..exchange import variants as exchange_variants
from ..kit.language import say_in
from ..models import Product, Rma, RmaLine
from ..models.rma_number import format_rma_number
from ..order import repository as orders
from ..payment.service import lock_rma
from ..policy import Policy
from ..policy.exchange_price import price_difference
from ..rma.lifecycle import RmaStatus, record_event, release, release_line

S = RmaStatus
CUSTOMER_MAY_CHANGE = (S.REQUESTED, S.PENDING_REVIEW, S.APPROVED)
# Why each later status can no longer be changed by the customer: the catalogue's key.
REFUSAL_KEY = {
    S.IN_TRANSIT: "on_its_way",
    S.RECEIVED: "arrived",
    S.INSPECTED: "arrived",
    S.RESOLVED: "settled",
    S.CLOSED: "settled",
    S.REJECTED: "rejected",
    S.CANCELLED: "cancelled",
}

# One catalogue per locale with the same keys and placeholders (tests/rma/test_resolution.py).
CATALOGUE: dict[str, dict[str, str]] = {
    "en": {
        "on_its_way": "Return {rma} is already on its way to us, so it can no longer be changed; "
        "it will be settled as agreed once it arrives.",
        "arrived": "Return {rma} has already arrived at our warehouse, so it can no longer be changed; "
        "it will be settled as agreed once it has been checked.",
        "settled": "Return {rma} is already settled, so it can no longer be changed.",
        "rejected": "Return {rma} was not accepted, so there is nothing to change: you keep the item.",
        "cancelled": "Return {rma} was cancelled, so there is nothing to change; you can start a new return.",
        "no_exchange": "Our return policy does not offer an exchange for {item} on return {rma}, so it stays a refund.",
        "no_refund": "Our return policy does not offer a refund on return {rma}, so it stays an exchange.",
        "out_of_stock": "The size or colour you chose for {item} has just sold out, so return {rma} stays as it "
        "is; choose another one, or keep the refund.",
        "dearer_not_allowed": "Our return policy does not allow exchanging {item} for a dearer one, so return "
        "{rma} stays as it is; choose one at the same price or less, or keep the refund.",
    },
    "zh": {
        "on_its_way": "退货 {rma} 的包裹已在寄回途中，无法再更改；我们收到后会按原约定处理。",
        "arrived": "退货 {rma} 的包裹已到达我们的仓库，无法再更改；检验完成后会按原约定处理。",
        "settled": "退货 {rma} 已经处理完毕，无法再更改。",
        "rejected": "退货 {rma} 未被受理，因此没有可以更改的内容：商品您可以自己留着。",
        "cancelled": "退货 {rma} 已取消，没有可以更改的内容；您可以重新申请退货。",
        "no_exchange": "根据我们的退货政策，退货 {rma} 中的{item}不能换货，因此仍按退款处理。",
        "no_refund": "根据我们的退货政策，退货 {rma} 不能退款，因此仍按换货处理。",
        "out_of_stock": "您为{item}选择的尺码或颜色刚刚售罄，退货 {rma} 保持不变；请另选一个，或继续退款。",
        "dearer_not_allowed": "根据我们的退货政策，{item}不能换成更贵的款式，退货 {rma} 保持不变；"
        "请选择同价或更便宜的款式，或继续退款。",
    },
}


class ResolutionNotChangeable(Conflict):
    title = "Return can no longer be changed"


class ResolutionNotOffered(Conflict):
    title = "Not offered by the return policy"


class VariantNotAvailable(Conflict):
    title = "Variant not available"


def say(locale: str | None, key: str, **values: object) -> str:
    return say_in(CATALOGUE, locale, key, **values)


def change_to_exchange(
    session: Session, policy: Policy, rma: Rma, *, sku: str, line_no: int | None, locale: str, actor: str = "customer"
) -> Rma:
    """Hold `sku` for the returned line instead of refunding it. Only flushes; the caller holds the order's lock."""
    lock_rma(session, rma)  # the warehouse or an agent may be moving this return right now
    number = format_rma_number(rma.number)
    _ensure_changeable(rma, locale)
    rma_line = _line(rma, line_no)
    item = rma_line.order_line.name
    held = exchange_repository.reservation_for(session, rma_line.id)
    if held is not None and held.sku == sku:
        rma.preferred_resolution = "exchange"  # a retry, or a return opened as this exchange
        return rma
    if not _offers(rma, "exchange"):
        raise ResolutionNotOffered(say(locale, "no_exchange", item=item, rma=number))
    product = _replacement(session, rma_line, sku)
    difference = price_difference(policy, rma_line.order_line.unit_price_minor, product.price_minor, rma_line.quantity)
    if not difference.allowed:
        raise VariantNotAvailable(say(locale, "dearer_not_allowed", item=item, rma=number))
    if held is not None:  # another size chosen instead: the first goes back on sale
        release_line(session, held)
    if exchange_repository.on_hand(session, sku) < rma_line.quantity:
        raise VariantNotAvailable(say(locale, "out_of_stock", item=item, rma=number))
    try:
        exchange_variants.reserve(session, policy, rma, rma_line, sku)
    except exchange_variants.VariantUnavailable:  # sold between the check above and the guarded take
        raise VariantNotAvailable(say(locale, "out_of_stock", item=item, rma=number)) from None
    rma.preferred_resolution = "exchange"
    status = RmaStatus(rma.status)
    record_event(
        session,
        rma,
        from_status=status,
        to=status,
        actor=actor,
        why=f"Changed to an exchange by the {actor}: {product.name} ({sku}) instead of {item}, no refund",
    )
    return rma


def change_to_refund(session: Session, rma: Rma, *, locale: str, actor: str = "customer") -> Rma:
    """Refund the return instead of exchanging it; the held sizes go back on sale. Only flushes."""
    lock_rma(session, rma)
    number = format_rma_number(rma.number)
    _ensure_changeable(rma, locale)
    held = any(exchange_repository.reservation_for(session, line.id) for line in rma.lines)
    if rma.preferred_resolution != "exchange" and not held:
        return rma  # a refund already: a retry, or nothing to change
    if not _offers(rma, "refund"):
        raise ResolutionNotOffered(say(locale, "no_refund", rma=number))
    release(session, rma.id)
    rma.preferred_resolution = "refund"
    status = RmaStatus(rma.status)
    record_event(session, rma, from_status=status, to=status, actor=actor, why=f"Changed to a refund by the {actor}")
    return rma


def exchange_choices(
    session: Session, policy: Policy, rma: Rma, *, line_no: int | None, locale: str
) -> ExchangeChoices:
    """What the customer may pick for the returned line now: the sizes and colours in stock the
    policy allows, or the sentence saying why the return can no longer become an exchange."""
    rma_line = _line(rma, line_no)
    number = format_rma_number(rma.number)
    status = RmaStatus(rma.status)
    held = exchange_repository.reservation_for(session, rma_line.id)
    refusal = None
    if status not in CUSTOMER_MAY_CHANGE:
        refusal = say(locale, REFUSAL_KEY[status], rma=number)
    elif not _offers(rma, "exchange"):
        refusal = say(locale, "no_exchange", item=rma_line.order_line.name, rma=number)
    options = (
        [] if refusal else exchange_variants.exchange_options(session, policy, rma_line.order_line, rma_line.quantity)
    )
    return ExchangeChoices(rma_line, held.sku if held else None, refusal, options)


@dataclass(frozen=True)
class ExchangeChoices:
    line: RmaLine
    held_sku: str | None
    refusal: str | None
    options: list[exchange_variants.Variant]


def _ensure_changeable(rma: Rma, locale: str) -> None:
    status = RmaStatus(rma.status)
    if status not in CUSTOMER_MAY_CHANGE:
        raise ResolutionNotChangeable(say(locale, REFUSAL_KEY[status], rma=format_rma_number(rma.number)))


def _offers(rma: Rma, kind: str) -> bool:
    """Whether the return's own decision offered `kind` for its reasons and items."""
    return any(option.get("kind") == kind for option in (rma.decision or {}).get("resolutions") or [])


def _line(rma: Rma, line_no: int | None) -> RmaLine:
    if line_no is None:
        if len(rma.lines) != 1:
            numbers = ", ".join(str(line.order_line.line_no) for line in rma.lines)
            raise InvalidInput(f"return {format_rma_number(rma.number)} has lines {numbers}; send line_no to say which")
        return rma.lines[0]
    for line in rma.lines:
        if line.order_line.line_no == line_no:
            return line
    raise InvalidInput(f"return {format_rma_number(rma.number)} has no line {line_no}")


def _replacement(session: Session, rma_line: RmaLine, sku: str) -> Product:
    """The product for `sku` when it is another size or colour of the returned item, in its currency."""
    line = rma_line.order_line
    own = exchange_repository.variant_of(session, line.sku)
    other = exchange_repository.variant_of(session, sku)
    product = orders.get_product(session, sku)
    if own is None or other is None or product is None or other.style != own.style or sku == line.sku:
        raise InvalidInput(f"{sku} is not another size or colour of {line.name}; ask for the exchange options")
    if product.currency != line.order.currency:
        raise InvalidInput(f"{sku} is priced in {product.currency}, order {line.order.number} in {line.order.currency}")
    return product
