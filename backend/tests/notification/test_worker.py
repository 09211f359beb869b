"""The worker against a real SMTP server on loopback: content, retries with backoff, opt-out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

from returndesk.config import get_settings
from returndesk.handoff.rasa import AGENT_METADATA_KEY, RasaBridge
from returndesk.models import Rma, utcnow
from returndesk.models.notification import SmsLogEntry
from returndesk.notification import enqueue
from returndesk.notification.channels import ChatChannel, email_message_id
from returndesk.notification.tasks import Result

from .conftest import free_port, new_return, outbox


def parts(message):
    return {part.get_content_type(): part.get_content() for part in message.walk() if not part.is_multipart()}


def test_an_approved_return_arrives_by_email_with_text_and_html(api, session, smtp_server, worker_for):
    inbox, port = smtp_server
    created = new_return(api)
    result = worker_for(port).run_once()
    assert (result.sent, result.retried, result.failed) == (1, 0, 0)
    mail = inbox.next()
    number = created["rma_number"]
    assert mail["To"] == "a1001@example.com" and mail["Subject"] == f"Your return {number} is approved"
    assert mail.get_content_type() == "multipart/alternative"
    body = parts(mail)
    assert f"your return {number} for order A1001 is approved" in body["text/plain"]
    assert "Please send the items back by" in body["text/plain"]
    # The approval carries the label link itself: no separate label_ready email.
    label_url = created["instructions"]["label"]["label_url"]
    assert f"Your return label: {label_url} Print it" in body["text/plain"]
    assert label_url.replace("&", "&amp;") in body["text/html"]
    assert f'<h1 style="font-size: 1.3rem;">Your return {number} is approved</h1>' in body["text/html"]
    assert "/api/v1/notifications/unsubscribe?token=" in body["text/plain"]
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    [row] = outbox(session, channel="email")
    assert row.status == "sent" and row.attempts == 1 and row.sent_at is not None
    assert row.provider_message_id == mail["Message-ID"] == email_message_id(row.key, get_settings())


def test_a_chinese_return_gets_the_chinese_email(api, smtp_server, worker_for):
    inbox, port = smtp_server
    created = new_return(api, locale="zh")
    worker_for(port).run_once()
    mail = inbox.next()
    assert mail["Subject"] == f"您的退货 {created['rma_number']} 已获批准"
    body = parts(mail)
    assert f"退货 {created['rma_number']} 已获批准" in body["text/plain"] and "退订这些邮件" in body["text/html"]
    assert '<html lang="zh">' in body["text/html"]


def test_a_refused_smtp_server_is_retried_with_growing_delays_then_the_row_fails(api, session, worker_for):
    new_return(api)
    worker = worker_for(free_port(), notification_max_attempts=3, notification_backoff_seconds=30)
    start = utcnow()
    assert worker.run_once(now=start).retried == 1
    [row] = outbox(session, channel="email")
    assert row.status == "pending" and row.attempts == 1 and "could not be reached" in row.last_error
    assert row.next_attempt_at == start + timedelta(seconds=30) and row.lease_owner is None
    assert worker.run_once(now=start + timedelta(seconds=29)).handled == 0  # not due yet
    assert worker.run_once(now=start + timedelta(seconds=30)).retried == 1
    [row] = outbox(session, channel="email")
    assert row.attempts == 2 and row.next_attempt_at == start + timedelta(seconds=90)
    assert worker.run_once(now=start + timedelta(seconds=90)).failed == 1
    [row] = outbox(session, channel="email")
    assert row.status == "failed" and row.attempts == 3 and row.last_error.startswith("gave up after 3 attempts")
    assert worker.run_once(now=start + timedelta(days=1)).handled == 0


def test_a_failed_attempt_is_delivered_once_the_server_is_back(api, session, smtp_server, worker_for):
    inbox, port = smtp_server
    created = new_return(api)
    start = utcnow()
    assert worker_for(free_port()).run_once(now=start).retried == 1
    assert worker_for(port).run_once(now=start + timedelta(seconds=30)).sent == 1
    assert inbox.next()["Subject"] == f"Your return {created['rma_number']} is approved"
    assert inbox.received.empty()


def test_a_customer_who_opts_out_after_queueing_is_not_emailed(api, session, smtp_server, worker_for):
    inbox, port = smtp_server
    created = new_return(api)
    api.post("/customers/me/preferences", json={"email": False}, headers=created["headers"])
    assert worker_for(port).run_once().skipped == 1
    [row] = outbox(session, channel="email")
    assert row.status == "skipped" and "opted out" in row.last_error
    assert inbox.received.empty()


def test_sms_goes_to_the_log_sink_once_per_notification(api, session, smtp_server, worker_for):
    _, port = smtp_server
    created = new_return(api, phone="+44 7700 900004")
    assert worker_for(port).run_once().sent == 2
    session.expire_all()
    [sms] = session.query(SmsLogEntry).all()
    assert sms.to == "447700900004" and created["rma_number"] in sms.body
    [row] = outbox(session, channel="sms")
    assert row.provider_message_id == f"sms-log-{sms.id}"


class FakeRasa(BaseHTTPRequestHandler):
    """Rasa's tracker-events endpoint on loopback: keeps what it is sent, answers 200."""

    received: ClassVar[list[tuple[str, list]]] = []

    def do_POST(self):  # http.server's name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((self.path, json.loads(body)))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def test_the_chat_message_goes_through_rasa_with_the_desk_as_sender(api, session, smtp_server, worker_for):
    _, port = smtp_server
    created = new_return(api, conversation_id="conv-9")
    rma = session.query(Rma).one()
    enqueue(session, "received", rma, channels=("chat",))
    session.commit()
    FakeRasa.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeRasa)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        worker = worker_for(port)
        worker.channels["chat"] = ChatChannel(RasaBridge(f"http://127.0.0.1:{server.server_port}", "t"))
        assert worker.run_once().sent == 2  # the approval email and the chat message
    finally:
        server.shutdown()
    [(path, [event])] = FakeRasa.received
    assert path.startswith("/conversations/conv-9/tracker/events?")
    assert event["text"] == f"We received your return {created['rma_number']} and will check the items next."
    assert event["metadata"][AGENT_METADATA_KEY] == "ReturnDesk"
    assert outbox(session, channel="chat")[0].status == "sent"


def test_an_unreachable_chat_is_retried(api, session, worker_for):
    new_return(api, conversation_id="conv-10")
    rma = session.query(Rma).one()
    enqueue(session, "received", rma, channels=("chat",))
    session.commit()
    worker = worker_for(free_port())
    worker.channels["chat"] = ChatChannel(RasaBridge(f"http://127.0.0.1:{free_port()}", "t"))
    assert worker.run_once().retried == 2
    [row] = outbox(session, channel="chat")
    assert row.status == "pending" and "could not be reached" in row.last_error


def test_the_worker_module_runs_once_from_the_command_line(api, smtp_server):
    inbox, port = smtp_server
    new_return(api)
    env = {**os.environ, "RETURNDESK_SMTP_PORT": str(port)}
    done = subprocess.run(
        [sys.executable, "-m", "returndesk.notification.tasks", "--once"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "sent 1, retrying 0, failed 0, skipped 0" in done.stderr
    assert inbox.next()["To"] == "a1001@example.com"


def test_a_row_whose_lease_ran_out_belongs_to_the_worker_that_took_it_over(api, session, smtp_server, worker_for):
    inbox, port = smtp_server
    new_return(api)
    start = utcnow()
    slow, other = worker_for(port), worker_for(port)
    [row_id] = slow.claim(now=start)
    [taken] = other.claim(now=start + timedelta(seconds=61))  # the slow worker's 60 s lease expired
    assert taken == row_id
    result = Result()
    slow.process(row_id, result)  # the slow worker gets to it late: not its row any more
    assert result.handled == 0 and inbox.received.empty()
    other.process(row_id, result)
    assert result.sent == 1 and inbox.next() and inbox.received.empty()
    [row] = outbox(session, channel="email")
    assert row.status == "sent" and row.attempts == 2


def test_a_row_whose_last_attempt_never_finished_fails_without_sending_again(api, session, worker_for):
    new_return(api)
    start = utcnow()
    worker = worker_for(free_port(), notification_max_attempts=1)
    worker.claim(now=start)  # ... and the worker dies holding the lease
    result = worker_for(free_port(), notification_max_attempts=1).run_once(now=start + timedelta(seconds=61))
    assert result.failed == 1
    [row] = outbox(session, channel="email")
    assert row.status == "failed" and row.attempts == 2 and row.last_error == "the last attempt did not finish"
