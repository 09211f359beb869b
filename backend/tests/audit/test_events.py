"""audit.record and its kinds: the names the code writes are the strings already stored."""

from __future__ import annotations

from typing import get_args

import pytest
from sqlalchemy import select

from returndesk import audit
from returndesk.db import transaction
from returndesk.escalation.case_schemas import NoteIn
from returndesk.ledger.schemas import LedgerEntryIn
from returndesk.models import AuditEvent

# Kinds built from another vocabulary: a new movement or note action needs its audit kind too.
BUILT = [
    *(
        pytest.param(f"ledger.{kind}", id=f"ledger-{kind}")
        for kind in get_args(LedgerEntryIn.model_fields["kind"].annotation)
    ),
    *(
        pytest.param(f"case.{action}", id=f"note-{action}")
        for action in get_args(NoteIn.model_fields["action"].annotation)
    ),
    pytest.param("case.return_approved", id="case-return-approved"),
    pytest.param("case.return_rejected", id="case-return-rejected"),
    pytest.param("offer.accepted", id="offer-accepted"),
    pytest.param("offer.declined", id="offer-declined"),
]


@pytest.mark.parametrize("stored", BUILT)
def test_every_built_kind_is_named(stored: str) -> None:
    assert audit.Kind(stored).value == stored


def test_record_stores_the_kind_as_its_string(engine, db) -> None:
    with transaction() as session:
        event = audit.record(session, audit.Kind.LEDGER_REFUND, actor="alice", description="booked a refund")
        assert event.id is not None  # flushed: its id can go on a timeline at once
    assert db.scalars(select(AuditEvent.kind)) == ["ledger.refund"]
    assert db.scalars(select(AuditEvent.data)) == [{}]


def test_record_refuses_an_unknown_kind(engine) -> None:
    with pytest.raises(ValueError), transaction() as session:
        audit.record(session, "ledger.gift", actor="alice", description="?")  # type: ignore[arg-type]
