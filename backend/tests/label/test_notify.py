"""`queue_label_ready`: the label link goes out as a `label_ready` notification, once per channel."""

from __future__ import annotations

from urllib.parse import urlsplit

from returndesk.label.notify import queue_label_ready
from returndesk.models import Rma
from returndesk.models.notification import NotificationOutbox
from returndesk.models.rma_number import parse_rma_number

from ..factories import create_order, line, post_return, verify


def _approved(api, session, unit_price_minor: int) -> Rma:
    create_order(api, lines=[line(unit_price_minor=unit_price_minor)])
    created = post_return(api, verify(api, conversation="conv-label"), conversation_id="conv-label").json()
    assert created["status"] == "approved", created
    session.expire_all()
    return session.query(Rma).filter_by(number=parse_rma_number(created["rma_number"])).one()


def test_label_ready_carries_the_signed_link_and_is_queued_once(api, session):
    rma = _approved(api, session, 5990)
    assert queue_label_ready(session, rma, channels=("email",)) == ["email"]
    assert queue_label_ready(session, rma, channels=("email",)) == []
    session.commit()
    (row,) = session.query(NotificationOutbox).filter_by(event="label_ready").all()
    url = urlsplit(row.data["label_url"])
    session.commit()  # SQLite: the read transaction would hold the lock the service needs
    assert url.path == f"/api/v1/returns/RMA-{rma.number[:4]}-{rma.number[4:8]}-{rma.number[8:]}/label.pdf"
    assert "signature=" in url.query
    # The link opens the PDF without any other credential.
    assert api.get(f"{url.path.removeprefix('/api/v1')}?{url.query}").status_code == 200


def test_a_return_the_customer_keeps_queues_no_label(api, session):
    rma = _approved(api, session, 450)
    assert queue_label_ready(session, rma) == []
    session.commit()
    assert session.query(NotificationOutbox).filter_by(event="label_ready").count() == 0
    session.commit()
