"""The station page: behind the console sign-in, with the console's CSP, offering the API's choices."""

from __future__ import annotations

import httpx


def test_the_station_page_needs_a_sign_in(base_url, engine):
    answer = httpx.get(f"{base_url}/console/warehouse", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/console/login?next=%2Fconsole%2Fwarehouse"


def test_the_station_page_for_the_warehouse(base_url, signed_in):
    station = signed_in("wim", "warehouse")
    answer = httpx.get(f"{base_url}/console/warehouse", cookies=dict(station.cookies))
    assert answer.status_code == 200
    assert "script-src 'self'" in answer.headers["content-security-policy"]
    page = answer.text
    assert 'data-testid="scan-input"' in page and "autofocus" in page
    assert 'data-grades="resalable,refurbishable,unsellable"' in page
    assert 'aria-current="page">Warehouse</a>' in page
    assert 'name="csrf-token"' in page
    assert "the service will refuse your scans" not in page


def test_other_roles_are_told_the_station_is_not_theirs(base_url, signed_in):
    agent = signed_in("alice", "agent")
    page = httpx.get(f"{base_url}/console/warehouse", cookies=dict(agent.cookies)).text
    assert "This station is for the warehouse role" in page
