"""No search text, customer key or RMA number makes the desk's endpoints answer 500."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def handled(response) -> None:
    assert response.status_code < 500, (response.status_code, response.text)
    if response.status_code >= 400:
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["detail"]


@pytest.fixture
def agent(signed_in):
    """One signed-in agent for all the examples of a test (a function-scoped fixture is made once)."""
    return signed_in("fuzz-agent", "agent")


@FUZZ
@given(text=st.text(max_size=220))
def test_any_search_text(agent, text):
    handled(agent.get("/desk/search", params={"q": text}))


@FUZZ
@given(text=st.text(min_size=1, max_size=300))
def test_any_customer_key_or_rma_number(agent, text):
    handled(agent.get(f"/desk/customers/{quote(text, safe='')}"))
    handled(agent.get(f"/desk/returns/{quote(text, safe='')}"))
