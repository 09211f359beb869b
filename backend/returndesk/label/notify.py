"""The label link in what the customer is told.

The steps that approve a return (creation, new evidence, an agent's decision) queue one
`approved` notification whose data carries `label_url` (see `label_url_for`): the email then
has the link in its own paragraph, and no second row per approval is needed. A return whose
lines are all kept has no label, and the paragraph is left out.

`queue_label_ready` sends the link on its own (`label_ready`), e.g. for a label asked for again.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from ..config import get_settings
from ..models import Rma
from ..notification import enqueue
from ..policy.current import get_policy
from .routing import get_routing
from .service import label_info


def label_url_for(rma: Rma) -> str | None:
    """The signed label link of an approved return, or None when nothing is sent back."""
    return label_info(rma, get_policy(), get_routing(), get_settings()).label_url


def queue_label_ready(
    session: Session,
    rma: Rma,
    *,
    channels: Sequence[str] = ("chat", "email", "sms"),
    occasion: str | None = None,
) -> list[str]:
    """Queue `label_ready` (data: label_url) on the given channels; the channels queued, [] if none.

    A step whose chat answer already carries the link (the bot's) passes ("email", "sms")."""
    label_url = label_url_for(rma)
    if label_url is None:
        return []
    return enqueue(session, "label_ready", rma, channels=channels, occasion=occasion, label_url=label_url)
