"""Load-or-refuse dependencies for the endpoints about one return, named in the path.

Someone else's return answers exactly like a missing one (404): a token for one order must not
confirm that other RMA numbers exist. A mistyped number is a 422 that says so, before anything is
read.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from sqlalchemy.orm import Session

from ..auth import CustomerAccess
from ..db import DbSession
from ..errors import InvalidInput, NotFound
from ..models import Rma
from ..models.rma_number import InvalidRmaNumber, parse_rma_number
from ..order.service import load_order
from . import repository as rmas


class ReturnNotFound(NotFound):
    pass


def load_rma(session: Session, number: str, *, order_number: str) -> Rma:
    rma = rmas.get_rma(session, number)
    if rma is None or rma.order.number != order_number:
        raise ReturnNotFound("there is no return with that RMA number")
    return rma


def _number(rma_number: str) -> str:
    try:
        return parse_rma_number(rma_number)
    except InvalidRmaNumber as exc:
        raise InvalidInput(str(exc)) from None


def _owned_rma(rma_number: str, access: CustomerAccess, session: DbSession) -> Rma:
    """The verified customer's return, to read."""
    return load_rma(session, _number(rma_number), order_number=access.order_number)


def _owned_rma_to_change(rma_number: str, access: CustomerAccess, session: DbSession) -> Rma:
    """The verified customer's return, to change: its order is locked first, so that one writer
    per order changes its returns at a time (a cancel racing an exchange, a double click)."""
    number = _number(rma_number)
    load_order(session, access.order_number, for_update=True)
    return load_rma(session, number, order_number=access.order_number)


OwnedRma = Annotated[Rma, Depends(_owned_rma)]
OwnedRmaToChange = Annotated[Rma, Depends(_owned_rma_to_change)]


# For staff, who may act on any return: loaded by its number alone.
def find_rma(session: Session, number: str) -> Rma:
    """The return by its number as people write it (R-…, with or without hyphens); 404 otherwise."""
    try:
        canonical = parse_rma_number(number)
    except InvalidRmaNumber as exc:
        raise InvalidInput(str(exc)) from None
    rma = rmas.get_rma(session, canonical)
    if rma is None:
        raise NotFound(f"there is no return {number}")
    return rma
