"""The bot's keep-the-item offers: which rung comes next, and what an answer does.

The ladder itself is the policy's (`policy.keep_item`); here it meets the database: what the bot
may still give on this case (its authority minus what was booked), which rungs were already
offered for the order line, and the ledger. Offers belong to the line's units, not to the chat
that asked: every chat about the line sees the same ladder and the same open offer, and a
partial unique index allows one open offer per line, so two chats (or two parallel "what next?"
calls) cannot hold two payable offers for one unit.

An open offer is served again rather than stepping up: the bot may ask twice (a retry, a restart)
and the ladder must only move when the customer says no. Accepting happens under the order's
row lock (the same lock a new return takes) and checks again that the offer still stands and
that its units are neither in a return nor kept; otherwise the offer is withdrawn with a reason
the customer can act on. The movement is booked through the ledger as the bot, with the
idempotency key `offer-<id>`, so a replayed accept books once. A return that takes the units of
an open offer withdraws it (`withdraw_for_return`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import audit
from ..authority import AuthorityMatrix
from ..errors import Conflict, NotFound
from ..idempotency import request_fingerprint
from ..kit.money import format_amount
from ..ledger import repository as ledger_repository
from ..ledger import service as ledger
from ..ledger.repository import spent
from ..ledger.schemas import LedgerEntryIn
from ..models import BotOffer, Order, OrderLine, utcnow
from ..models.rma_number import format_rma_number
from ..policy import Policy
from ..policy.keep_item import KeepItemLadder, keep_item_ladder
from ..policy.limits import room_left
from ..rma.facts import item_facts, purchase_facts, today
from ..rma.repository import quantities_in_returns, returns_holding_line
from . import repository

BOT = "bot"
BOT_ACTOR = ledger.Actor(name=BOT, role=BOT)
# An offer stands for a day: time enough to come back to the chat, short enough that the policy
# and the bot's limits it was priced on still hold. A later "what next?" offers the same rung anew.
OFFER_STANDS_FOR = timedelta(hours=24)


class NoSuchOffer(NotFound):
    title = "No such offer"


class OfferAlreadyAnswered(Conflict):
    title = "Offer already answered"


class OfferWithdrawn(Conflict):
    """The offer can no longer be taken; the withdrawal is kept (the endpoint commits it)."""

    title = "Offer withdrawn"


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
    """The line's open offer, else its next rung not yet declined. The caller holds the order's
    row lock; only flushes."""
    made = repository.offers_for_line(session, line.id)
    if any(offer.status == "accepted" for offer in made):
        return NextOffer(None, len(made), why="the customer already accepted an offer for this item")
    left = line.quantity - quantities_in_returns(session, order)[line.line_no]
    if left <= 0:
        return NextOffer(None, len(made), why="every unit of this item is already in a return or was kept")
    if quantity is not None and quantity > left:
        return NextOffer(
            None, len(made), why=f"only {left} unit(s) of this item are not in a return; ask about at most {left}"
        )
    quantity = quantity or left
    open_offer = next((offer for offer in made if offer.status == "offered"), None)
    if open_offer is not None and utcnow() >= expires_at(open_offer):
        withdraw(session, open_offer, _expired(open_offer))
        open_offer = None
    ladder = _ladder(session, policy, matrix, order, line, reason, quantity)
    if open_offer is not None:
        return NextOffer(open_offer, max(len(ladder.rungs), open_offer.rung))
    # The ladder moves only on a "no": a withdrawn (or expired) rung is offered again, anew.
    rung_no = max((offer.rung for offer in made if offer.status == "declined"), default=0) + 1
    if rung_no > len(ladder.rungs):
        return NextOffer(None, len(ladder.rungs), why=ladder.why or "every offer was declined")
    rung = ladder.rungs[rung_no - 1]
    offer = BotOffer(
        conversation_id=conversation_id,
        order_id=order.id,
        order_line_id=line.id,
        reason=reason,
        quantity=quantity,
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
        # Another request opened an offer for the line first (the partial unique index): serve it.
        winner = next((o for o in repository.offers_for_line(session, line.id) if o.status == "offered"), None)
        if winner is None:
            return NextOffer(None, len(ladder.rungs), why="the offer for this item was answered meanwhile; ask again")
        return NextOffer(winner, len(ladder.rungs))
    audit.record(
        session,
        audit.Kind.OFFER_MADE,
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
    return NextOffer(offer, len(ladder.rungs), created=True)


def answer_offer(session: Session, matrix: AuthorityMatrix, offer: BotOffer, *, accept: bool) -> bool:
    """Record the answer; on yes book the movement as the bot. True when this replays an answer.

    The caller holds the order's row lock, which new returns and offers on the order take too:
    what is checked here stays true until the booking commits. An offer that no longer stands
    (expired, or its units meanwhile in a return or kept) is withdrawn and OfferWithdrawn raised.
    Raises the ledger's BeyondAuthority / RefundExceedsPaid when the money cannot move after all
    (something else was booked on the case since the offer); the caller withdraws the offer.
    """
    wanted = "accepted" if accept else "declined"
    order, line = repository.order_and_line(session, offer)
    if accept and offer.status == "offered" and (why := _why_it_cannot_be_kept(session, order, line, offer)):
        withdraw(session, offer, why)
    if not repository.set_status(session, offer, expected="offered", new=wanted, at=utcnow()):
        if offer.status == wanted:
            return True  # the same answer again (a retry): nothing more happens
        if offer.status == "withdrawn":
            raise OfferWithdrawn(f"offer {offer.id} was withdrawn: {offer.withdrawn_why or 'it no longer stands'}")
        raise OfferAlreadyAnswered(
            f"offer {offer.id} was already {offer.status}; ask for the next offer (POST /api/v1/offers) instead"
        )
    if accept:
        booked = _book_as_bot(session, matrix, offer, order, line)
        offer.ledger_entry_id = booked.entry.id
    what = "accepted" if accept else "declined"
    audit.record(
        session,
        audit.Kind(f"offer.{what}"),
        actor="customer",
        order_id=order.id,
        ledger_entry_id=offer.ledger_entry_id,
        description=f"the customer {what} the bot's offer to keep order {order.number} line {line.line_no} "
        f"with a {offer.kind} of {_money(offer)}" + ("; nothing is sent back" if accept else ""),
        data={"offer_id": offer.id, "conversation_id": offer.conversation_id, "rung": offer.rung},
    )
    return False


def expires_at(offer: BotOffer) -> datetime:
    return offer.created_at + OFFER_STANDS_FOR


def _why_it_cannot_be_kept(session: Session, order: Order, line: OrderLine, offer: BotOffer) -> str | None:
    """None while the offer stands; else what happened and what the customer can do."""
    if utcnow() >= expires_at(offer):
        return _expired(offer)
    if line.quantity - quantities_in_returns(session, order)[line.line_no] >= offer.quantity:
        return None
    holding = returns_holding_line(session, line.id)
    if holding:
        return _in_return(line, format_rma_number(holding[0]))
    return f"the {line.name} was already kept under another offer, which was paid; nothing more is due for it"


def _expired(offer: BotOffer) -> str:
    return f"it expired at {expires_at(offer):%Y-%m-%d %H:%M} UTC; ask again for a new offer, or go on with the return"


def _in_return(line: OrderLine, rma_number: str) -> str:
    return f"the {line.name} is in return {rma_number}, so it cannot also be kept; that return goes on as it is"


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
    existing = ledger_repository.entry_by_key(session, key)
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


def withdraw(session: Session, offer: BotOffer, why: str) -> bool:
    """The offer can no longer be taken: record why (for the customer and the timeline).
    False when it was no longer open."""
    if not repository.set_status(session, offer, expected="offered", new="withdrawn", at=utcnow(), why=why):
        return False
    audit.record(
        session,
        audit.Kind.OFFER_WITHDRAWN,
        actor=BOT,
        role=BOT,
        order_id=offer.order_id,
        description=f"the bot's offer {offer.id} ({offer.kind} of {_money(offer)}) was withdrawn: {why}",
        data={"offer_id": offer.id, "conversation_id": offer.conversation_id},
    )
    return True


def withdraw_for_return(session: Session, order: Order, rma_number: str) -> None:
    """A new return took units an open offer would let the customer keep: that offer goes.
    The caller holds the order's row lock and has flushed the return."""
    claimed = quantities_in_returns(session, order)
    for offer in repository.open_offers_of_order(session, order.id):
        line = repository.order_line(session, offer.order_line_id)
        assert line is not None
        if line.quantity - claimed[line.line_no] < offer.quantity:
            withdraw(session, offer, _in_return(line, rma_number))


def load_offer(session: Session, offer_id: int, order_number: str) -> BotOffer:
    offer = repository.get_offer(session, offer_id)
    order = repository.order(session, offer.order_id) if offer else None
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
    refund_room = room_left(bot, "refund", spent(session, "refund", order_id=order.id, actor=BOT))
    coupon_room = room_left(bot, "coupon", spent(session, "coupon", order_id=order.id, actor=BOT))
    refund_cap = refund_room.at_most(line.paid_minor - line.refunded_minor)  # the ledger refuses more than was paid
    coupon_cap = coupon_room.minor
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


def _cost(ladder: KeepItemLadder, order: Order) -> str:
    return format_amount(ladder.return_cost_minor, order.currency)


def _money(offer: BotOffer) -> str:
    return format_amount(offer.amount_minor, offer.currency)
