"""GET /sent-mail: what the development mail sink saved, for the console's Outbox mail page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi import Path as PathParam

from ..config import get_settings
from ..staff.auth import DeskStaff
from .schemas import SentMail, SentMailList
from .service import ID_PATTERN, MAX_LISTED, list_sent_mail, read_sent_mail

router = APIRouter(prefix="/sent-mail", tags=["sent mail"])


@router.get("", response_model=SentMailList, responses={403: {"description": "Not on the customer-care desk"}})
def list_mail(user: DeskStaff, limit: Annotated[int, Query(ge=1, le=MAX_LISTED)] = 50) -> SentMailList:
    """The emails the local mail sink saved, newest first (development: `make run`)."""
    return list_sent_mail(get_settings().mail_sink_dir, limit)


@router.get(
    "/{mail_id}",
    response_model=SentMail,
    responses={404: {"description": "No such saved message"}, 413: {"description": "Too large to show"}},
)
def show_mail(user: DeskStaff, mail_id: Annotated[str, PathParam(pattern=ID_PATTERN)]) -> SentMail:
    """One saved email: its headers and plain-text body."""
    return read_sent_mail(get_settings().mail_sink_dir, mail_id)
