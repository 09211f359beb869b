"""Evidence rows: by public id, by return, and near-duplicate candidates through the hash bands."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..models import CatalogueImageHash, Evidence, Order
from .hashing import bands


def by_public_ids(session: Session, public_ids: Sequence[str], *, for_update: bool = False) -> dict[str, Evidence]:
    query = select(Evidence).where(Evidence.public_id.in_(list(public_ids)))
    if for_update:
        query = query.with_for_update()
    return {row.public_id: row for row in session.scalars(query)}


def evidence_with_band(session: Session, phash: int, *, exclude_conversation: str | None = None) -> list[Evidence]:
    b = bands(phash)
    query = select(Evidence).where(
        or_(Evidence.band0 == b[0], Evidence.band1 == b[1], Evidence.band2 == b[2], Evidence.band3 == b[3])
    )
    if exclude_conversation is not None:
        query = query.where(Evidence.conversation_id != exclude_conversation)
    return list(session.scalars(query.limit(500)))


def catalogue_with_band(session: Session, phash: int) -> list[CatalogueImageHash]:
    b = bands(phash)
    return list(
        session.scalars(
            select(CatalogueImageHash).where(
                or_(
                    CatalogueImageHash.band0 == b[0],
                    CatalogueImageHash.band1 == b[1],
                    CatalogueImageHash.band2 == b[2],
                    CatalogueImageHash.band3 == b[3],
                )
            )
        )
    )


def evidence_of_rma(session: Session, rma_id: int) -> list[Evidence]:
    return list(session.scalars(select(Evidence).where(Evidence.rma_id == rma_id).order_by(Evidence.id)))


def customer_of_order(session: Session, order_id: int) -> int | None:
    order = session.get(Order, order_id)
    return order.customer_id if order is not None else None
