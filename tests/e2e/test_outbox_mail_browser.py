"""The console's Outbox mail page, in Chromium against the live service and the local mail sink
that `make run` starts: an email sent to the sink can be found and read by an agent."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from playwright.sync_api import Browser, expect

from ..browser import DESKTOP
from ..stack import Stack
from .test_agent_console_browser import console_sign_in


def test_an_agent_reads_an_email_the_sink_saved(stack: Stack, browser: Browser):
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = (
        "returns@returndesk.example",
        "dev@example.com",
        "退货已批准 Outbox",
    )
    message.set_content("Your return label: print it and drop the parcel off.\n您的退货标签。")
    with smtplib.SMTP("127.0.0.1", stack.smtp_port, timeout=10) as smtp:
        smtp.send_message(message)
    assert len(list(stack.mail_folder.glob("*.eml"))) >= 1

    context = browser.new_context(viewport=DESKTOP)
    try:
        agent = console_sign_in(context, stack, "alice", "/console/mail")
        listed = agent.get_by_test_id("mail-list")
        expect(listed.get_by_role("button", name="退货已批准 Outbox")).to_be_visible()
        listed.get_by_role("button", name="退货已批准 Outbox").click()
        shown = agent.get_by_test_id("mail-shown")
        expect(shown).to_be_visible()
        expect(shown.get_by_role("heading")).to_have_text("退货已批准 Outbox")
        expect(agent.get_by_test_id("mail-body")).to_contain_text("print it and drop the parcel off.")
        expect(agent.get_by_test_id("mail-body")).to_contain_text("您的退货标签。")
        expect(shown).to_contain_text("dev@example.com")
    finally:
        context.close()
