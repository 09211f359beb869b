"""The desk's endpoint for one return: closing it by hand."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from ..db import DbSession
from ..models import StaffUser
from ..models.rma_number import format_rma_number
from ..staff.auth import require_role
from .dependencies import find_rma
from .service import close

router = APIRouter(tags=["returns"])
# The people who settle returns; the warehouse hands a return on, it does not close it.
Closer = Annotated[StaffUser, Depends(require_role("agent", "senior_agent", "supervisor", "admin"))]


@router.post(
    "/returns/{rma_number}/close",
    responses={
        409: {"description": "The return is not resolved, or a refund of it is still on its way"},
    },
)
def close_return(rma_number: str, user: Closer, session: DbSession) -> dict:
    """Close a resolved return by hand (e.g. a notification that can never be delivered).

    Returns closed by the closing pass need no one; this is for the ones it leaves open.
    """
    rma = find_rma(session, rma_number)
    close(session, rma, actor=user.actor, why=f"Closed by {user.display_name or user.username}")
    return {"rma_number": format_rma_number(rma.number), "status": rma.status}
