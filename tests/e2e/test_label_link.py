"""The label link the assistant gives in chat leads to this run's service and downloads the PDF.

The stack runs the service on a free port, never the default 8000, with RETURNDESK_PUBLIC_URL set
once for every process as scripts/run.sh does: a link built from any other default would be dead.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import requests

from ..chat import Conversation
from ..orders import push_order
from ..stack import Stack


def test_the_label_link_in_chat_points_at_this_service_and_downloads(chat: Conversation, stack: Stack):
    email = "label.link@example.com"
    push_order(stack, "L7201", email)
    chat.intent("start_return", order_number="L7201", line_no="1", reason="size_too_small")
    chat.intent("inform", email=email)
    chat.click("Refund")
    chat.click("Yes")

    links = re.findall(r"Your return label: (\S+)", chat.text())
    assert len(links) == 1, chat.dump()
    link = links[0].rstrip(".")
    assert urlsplit(link).port != 8000 and link.startswith(f"{stack.service_url}/api/v1/"), (link, stack.service_url)

    answer = requests.get(link, timeout=30)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF-")
