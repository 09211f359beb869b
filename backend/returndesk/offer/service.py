"""The bot's keep-the-item offers: which rung comes next, and what an answer does.

The ladder itself is the policy's (`policy.keep_item`); here it meets the database: what the bot
may still give on this case (its authority minus what was booked), which rungs this conversation
already offered for the line, and the ledger. One offer per rung per conversation and line is a
unique constraint, so two concurrent "what next?" calls cannot offer the same rung twice.

An open offer is served again rather than stepping up: the bot may ask twice (a retry, a restart)
and the ladder must only move when the customer says no. Accepting books the movement through
the ledger as the bot, with the idempotency key `offer-<id>`, so a replayed accept books once.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..authority import AuthorityMatrix
from ..errors import Conflict, NotFound
from ..idempotency import request_fingerprint
from ..ledger import service as ledger
from ..ledger.schemas import LedgerEntryIn
from ..ledger.totals import spent_on_case, spent_today
from ..models import AuditEvent, BotOffer, Order, OrderLine, utcnow
from ..policy import Policy
from ..policy.keep_item import KeepItemLadder, keep_item_ladder
from ..policy.money import format_amount
from ..rma.facts import item_facts, purchase_facts, today
from ..rma.repository import quantities_in_returns
from . import repository

BOT = "bot"
BOT_ACTOR = ledger.Actor(name=BOT, role=BOT)


class NoSuchOffer(NotFound):
    title = "No such offer"


class OfferAlreadyAnswered(Conflict):
    title = "Offer already answered"


@dataclass(frozen=True)
class NextOffer:
    offer: BotOffer | None  # None: nothing (more) to offer, see `why`
    rungs: int
    created: bool = False
    why: str = ""


def next_offer(
    session: Session,
    policy: Policy,
    matrix: AuthorityMatrix,
    order: Order,
    line: OrderLine,
    *,
    conversation_id: str,
    reason: str,
    quantity: int | None = None,
) -> NextOffer:
    """The open offer for this line, else the next rung not yet offered here. Only flushes."""
    made = repository.offers_for_line(session, conversation_id, line.id)
    if any(offer.status == "accepted" for offer in made):
        return NextOffer(None, len(made), why="the customer already accepted an offer for this item")
    if line.quantity - quantities_in_returns(session, order)[line.line_no] <= 0:
        # Kept under an offer accepted in another conversation, or already on its way back.
        return NextOffer(None, len(made), why="every unit of this item is already in a return or was kept")
    ladder = _ladder(session, policy, matrix, order, line, reason, quantity)
    open_offer = next((offer for offer in made if offer.status == "offered"), None)
    if open_offer is not None:
        return NextOffer(open_offer, max(len(ladder.rungs), open_offer.rung))
    rung_no = max((offer.rung for offer in made), default=0) + 1
    if rung_no > len(ladder.rungs):
        return NextOffer(None, len(ladder.rungs), why=ladder.why or "every offer was declined")
    rung = ladder.rungs[rung_no - 1]
    offer = BotOffer(
        conversation_id=conversation_id,
        order_id=order.id,
        order_line_id=line.id,
        reason=reason,
        quantity=quantity or line.quantity,
        rung=rung_no,
        kind=rung.kind,
        amount_minor=rung.amount_minor,
        currency=order.currency,
        return_cost_minor=ladder.return_cost_minor,
        status="offered",
    )
    try:
        with session.begin_nested():
            session.add(offer)
    except IntegrityError:
        # The same rung offered by a concurrent call for this conversation: serve that one.
        winner = next(o for o in repository.offers_for_line(session, conversation_id, line.id) if o.rung == rung_no)
        return NextOffer(winner, len(ladder.rungs))
    session.add(
        AuditEvent(
            kind="offer.made",
            actor=BOT,
            role=BOT,
            order_id=order.id,
            description=f"the bot offered to let the customer keep order {order.number} line {line.line_no} "
            f"({reason.replace('_', ' ')}) with a {rung.kind} of {_money(offer)} (offer {rung_no} of "
            f"{len(ladder.rungs)}); a return would cost about {_cost(ladder, order)}",
            data={
                "offer_id": offer.id,
                "conversation_id": conversation_id,
                "rung": rung_no,
                "kind": rung.kind,
                "amount_minor": rung.amount_minor,
                "return_cost_minor": ladder.return_cost_minor,
            },
        )
    )
    session.flush()
    return NextOffer(offer, len(ladder.rungs), created=True)


def answer_offer(session: Session, matrix: AuthorityMatrix, offer: BotOffer, *, accept: bool) -> bool:
    """Record the answer; on yes book the movement as the bot. True when this replays an answer.

    Raises the ledger's BeyondAuthority / RefundExceedsPaid when the money cannot move after all
    (something else was booked on the case since the offer); the caller withdraws the offer.
    """
    wanted = "accepted" if accept else "declined"
    if not repository.set_status(session, offer, expected="offered", new=wanted, at=utcnow()):
        if offer.status == wanted:
            return True  # the same answer again (a retry): nothing more happens
        raise OfferAlreadyAnswered(
            f"offer {offer.id} was already {offer.status}; ask for the next offer (POST /api/v1/offers) instead"
        )
    order, line = session.get(Order, offer.order_id), session.get(OrderLine, offer.order_line_id)
    assert order is not None and line is not None
    if accept:
        booked = _book_as_bot(session, matrix, offer, order, line)
        offer.ledger_entry_id = booked.entry.id
    what = "accepted" if accept else "declined"
    session.add(
        AuditEvent(
            kind=f"offer.{what}",
            actor="customer",
            order_id=order.id,
            ledger_entry_id=offer.ledger_entry_id,
            description=f"the customer {what} the bot's offer to keep order {order.number} line {line.line_no} "
            f"with a {offer.kind} of {_money(offer)}" + ("; nothing is sent back" if accept else ""),
            data={"offer_id": offer.id, "conversation_id": offer.conversation_id, "rung": offer.rung},
        )
    )
    session.flush()
    return False


def _book_as_bot(
    session: Session, matrix: AuthorityMatrix, offer: BotOffer, order: Order, line: OrderLine
) -> ledger.Booked:
    """The ledger's own steps for a movement, as the bot: replay, authority under the totals' locks, book."""
    payload = LedgerEntryIn(
        kind=offer.kind,
        order_number=order.number,
        line_no=line.line_no,
        amount_minor=offer.amount_minor,
        currency=offer.currency,
        note=f"keep-the-item offer {offer.id}: the customer keeps the item, nothing is sent back",
    )
    key = f"offer-{offer.id}"
    fingerprint = request_fingerprint(payload.model_dump(mode="json") | {"actor": BOT})
    existing = ledger.entry_by_key(session, key)
    if existing is not None:
        return ledger.replay(existing, fingerprint, key)
    target = ledger.find_target(session, payload)
    refused = ledger.verdict_for(session, matrix, target, offer.kind, offer.amount_minor, BOT_ACTOR)
    if refused is not None:
        raise ledger.BeyondAuthority(refused.reason)  # the bot never asks a person to approve
    return ledger.book(
        session,
        target,
        kind=offer.kind,
        amount_minor=offer.amount_minor,
        actor=BOT_ACTOR,
        key=key,
        fingerprint=fingerprint,
        note=payload.note,
    )


def withdraw(session: Session, offer: BotOffer, reason: str) -> None:
    """After a refused booking (rolled back): the offer cannot be kept; record why."""
    repository.set_status(session, offer, expected="offered", new="withdrawn", at=utcnow())
    session.add(
        AuditEvent(
            kind="offer.withdrawn",
            actor=BOT,
            role=BOT,
            order_id=offer.order_id,
            description=f"the bot's offer {offer.id} ({offer.kind} of {_money(offer)}) was withdrawn: {reason}",
            data={"offer_id": offer.id, "conversation_id": offer.conversation_id},
        )
    )
    session.flush()


def load_offer(session: Session, offer_id: int, order_number: str) -> BotOffer:
    offer = repository.get_offer(session, offer_id)
    order = session.get(Order, offer.order_id) if offer else None
    # Another order's offer is "not found": its existence is not the caller's business.
    if offer is None or order is None or order.number != order_number:
        raise NoSuchOffer(f"there is no offer {offer_id} on order {order_number}; ask for one with POST /api/v1/offers")
    return offer


def offer_text(offer: BotOffer) -> str:
    """What the bot says: the first offer explains why, later ones just improve on it."""
    opening = (
        "Since sending this back would cost more than it's worth, you can keep it"
        if offer.rung == 1
        else "I can do a bit better: keep it"
    )
    if offer.kind == "coupon":
        return f"{opening} and we'll give you a coupon worth {_money(offer)} for your next order."
    return f"{opening} and we'll refund {_money(offer)} right away."


def accepted_text(offer: BotOffer, item_name: str) -> str:
    what = (
        f"a coupon worth {_money(offer)} is yours for your next order"
        if offer.kind == "coupon"
        else f"we're refunding {_money(offer)} to your original payment method"
    )
    return f"Done — {what}. Keep the {item_name}: there's nothing to send back."


def _ladder(
    session: Session,
    policy: Policy,
    matrix: AuthorityMatrix,
    order: Order,
    line: OrderLine,
    reason: str,
    quantity: int | None,
) -> KeepItemLadder:
    bot = matrix.roles.get(BOT)
    if bot is None or matrix.currency != order.currency:
        return KeepItemLadder(0, (), f"the bot has no authority to give money in {order.currency}")
    today_left = _left(bot.daily_total_minor, spent_today(session, BOT))
    refund_cap = _smallest(
        _left(bot.max_refund_per_case_minor, spent_on_case(session, order.id, "refund")),
        today_left,
        line.paid_minor - line.refunded_minor,  # the ledger refuses more than was paid
    )
    coupon_cap = _smallest(_left(bot.max_coupon_per_case_minor, spent_on_case(session, order.id, "coupon")), today_left)
    return keep_item_ladder(
        policy,
        item_facts(line),
        purchase_facts(session, order, policy),
        reason,
        today(),
        refund_cap_minor=refund_cap if "refund" in bot.actions else 0,
        coupon_cap_minor=coupon_cap if "coupon" in bot.actions else 0,
        quantity=quantity,
    )


def _left(limit: int | None, spent: int) -> int | None:
    return None if limit is None else max(limit - spent, 0)


def _smallest(*caps: int | None) -> int | None:
    known = [cap for cap in caps if cap is not None]
    return min(known) if known else None


def _cost(ladder: KeepItemLadder, order: Order) -> str:
    return format_amount(ladder.return_cost_minor, order.currency)


def _money(offer: BotOffer) -> str:
    return format_amount(offer.amount_minor, offer.currency)
