"""Signatures match Standard Webhooks, and the receiver snippet in the merchant guide works."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from returndesk.webhooks.signing import new_secret, signature, signature_header

GUIDE = Path(__file__).resolve().parents[3] / "docs" / "merchant-guide.md"


def test_the_published_standard_webhooks_vector():
    # The example of the Standard Webhooks specification, which every receiver library checks.
    signed = signature(
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, b'{"test": 2432232314}'
    )
    assert signed == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def guide_verify():
    section = GUIDE.read_text(encoding="utf-8").split("## Webhooks", 1)[1]
    (snippet,) = re.findall(r"```python\n(.*?)```", section, re.S)
    names: dict = {}
    exec(snippet, names)  # our own documentation, run to keep it true
    return names["verify"]


def test_the_merchant_guides_snippet_accepts_both_secrets_of_a_rotation_and_nothing_else():
    verify, old, new = guide_verify(), new_secret(), new_secret()
    body, stamp = b'{"id":"msg_1","type":"return.created"}', int(time.time())
    headers = {"webhook-id": "msg_1", "webhook-timestamp": str(stamp)}
    headers["webhook-signature"] = signature_header([new, old], "msg_1", stamp, body)
    verify(old, headers, body)
    verify(new, headers, body)
    with pytest.raises(ValueError, match="signature"):
        verify(new_secret(), headers, body)
    with pytest.raises(ValueError, match="signature"):
        verify(new, headers, body.replace(b"created", b"approved"))
    with pytest.raises(ValueError, match="timestamp"):
        stale = str(stamp - 600)
        verify(new, {**headers, "webhook-timestamp": stale}, body)
