"""Queries on console users and their sessions."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..models import StaffSession, StaffUser


def user_by_username(session: Session, username: str) -> StaffUser | None:
    return session.scalars(select(StaffUser).where(StaffUser.username == username)).first()


def username_taken(session: Session, username: str) -> bool:
    return session.scalars(select(StaffUser.id).where(StaffUser.username == username)).first() is not None


def all_users(session: Session) -> list[StaffUser]:
    return list(session.scalars(select(StaffUser).order_by(StaffUser.username)))


def session_with_user(session: Session, token_hash: str) -> tuple[StaffSession, StaffUser] | None:
    found = session.execute(
        select(StaffSession, StaffUser)
        .join(StaffUser, StaffUser.id == StaffSession.user_id)
        .where(StaffSession.token_hash == token_hash)
    ).first()
    return None if found is None else (found[0], found[1])


def delete_session(session: Session, token_hash: str) -> None:
    session.execute(delete(StaffSession).where(StaffSession.token_hash == token_hash))
