"""No body or RMA number makes the refund and exchange endpoints answer 500."""

from __future__ import annotations

from urllib.parse import quote

from hypothesis import given, settings
from hypothesis import strategies as st

from ..test_api_robustness import _assert_handled, json_values
from .helpers import a_return

FUZZ = settings(max_examples=40, deadline=None)


def test_random_bodies(api, engine, signed_in):
    rma = a_return(api, engine)  # bodies that parse reach the service with a real, inspected return
    alice = signed_in("alice", "agent")

    @FUZZ
    @given(suffix=st.sampled_from(["refund", "exchange"]), body=json_values)
    def check(suffix, body):
        _assert_handled(alice.post(f"/returns/{rma}/{suffix}", json=body))

    check()


def test_random_rma_numbers(api, engine, signed_in):
    alice = signed_in("alice", "agent")

    @FUZZ
    @given(text=st.text(max_size=40), suffix=st.sampled_from(["refund", "exchange", "payments"]))
    def check(text, suffix):
        path = f"/returns/{quote(text, safe='')}/{suffix}"
        answer = alice.get(path) if suffix == "payments" else alice.post(path, json={"sku": "AP-TEE-ORG"})
        _assert_handled(answer)

    check()
