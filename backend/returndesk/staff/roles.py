"""Changing a console user's role: admins only, never their own, always audited.

The service's change_role writes the "staff.role_changed" audit event in the same transaction.
An admin cannot change their own role, so the last admin cannot lock everyone out by accident
and nobody promotes or demotes themselves without a second person.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import Field
from sqlalchemy import select

from ..db import DbSession
from ..errors import Conflict, NotFound
from ..kit.schemas import Strict
from ..models import StaffUser
from .auth import require_role
from .schemas import StaffOut
from .service import change_role

router = APIRouter(prefix="/staff/users", tags=["staff"])


class RoleIn(Strict):
    role: str = Field(min_length=1, max_length=32, description="A staff role of the authority matrix, e.g. supervisor")


Admin = Annotated[StaffUser, Depends(require_role("admin"))]


class OwnRole(Conflict):
    title = "Your own role"


@router.patch("/{username}", response_model=StaffOut, responses={403: {"description": "Not an admin"}})
def patch_user_role(username: str, payload: RoleIn, session: DbSession, admin: Admin) -> StaffOut:
    """Give a console user another role (admins only; audited as staff.role_changed)."""
    user = session.scalars(select(StaffUser).where(StaffUser.username == username.lower())).first()
    if user is None:
        raise NotFound(f"there is no console user '{username}'")
    if user.id == admin.id:
        raise OwnRole("you cannot change your own role; ask another admin")
    change_role(session, user, payload.role, by=admin.actor, by_role=admin.role)
    return StaffOut.model_validate(user, from_attributes=True)
