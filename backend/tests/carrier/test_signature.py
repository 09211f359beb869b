"""carrier/signature.py on its own: what a signed event must carry, and for how long it counts."""

from __future__ import annotations

import pytest

from returndesk.carrier.signature import TOLERANCE_SECONDS, refusal, sign

SECRET = "shared-secret"
BODY = b'{"id": "evt_1"}'
NOW = 1_800_000_000


def test_a_fresh_signature_over_the_body_is_accepted():
    assert refusal(SECRET, sign(SECRET, BODY, NOW), BODY, now=NOW + 10) is None


@pytest.mark.parametrize(
    ("header", "body", "now", "says"),
    [
        pytest.param(None, BODY, NOW, "not signed", id="missing"),
        pytest.param("", BODY, NOW, "not signed", id="empty"),
        pytest.param("t=abc,v1=00", BODY, NOW, "must read", id="timestamp-not-a-number"),
        pytest.param(f"t={NOW}", BODY, NOW, "must read", id="no-signature"),
        pytest.param(sign("other", BODY, NOW), BODY, NOW, "does not match", id="other-secret"),
        pytest.param(sign(SECRET, BODY, NOW), b'{"id": "evt_2"}', NOW, "does not match", id="other-body"),
        pytest.param(sign(SECRET, BODY, NOW), BODY, NOW + TOLERANCE_SECONDS + 1, "old", id="replayed-later"),
        pytest.param(sign(SECRET, BODY, NOW), BODY, NOW - TOLERANCE_SECONDS - 1, "old", id="from-the-future"),
    ],
)
def test_what_is_refused(header, body, now, says):
    refused = refusal(SECRET, header, body, now=now)
    assert refused is not None and says in refused
