"""Telling the customer their label is ready: the `label_ready` notification with the signed link.

For the steps that approve a return to call in their transaction (creation, new evidence, an
agent's decision). A return whose lines are all kept has no label and queues nothing.
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


def queue_label_ready(session: Session, rma: Rma, *, channels: Sequence[str] = ("chat", "email", "sms")) -> list[str]:
    """Queue `label_ready` (data: label_url) on the given channels; the channels queued, [] if none.

    A step whose chat answer already carries the link (the bot's) passes ("email", "sms")."""
    info = label_info(rma, get_policy(), get_routing(), get_settings())
    if info.label_url is None:
        return []
    return enqueue(session, "label_ready", rma, channels=channels, label_url=info.label_url)
