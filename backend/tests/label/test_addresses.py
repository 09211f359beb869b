"""How the sender's address is written on the label, country by country."""

from __future__ import annotations

import pytest

from returndesk.label.addresses import written_address

from ..factories import address


@pytest.mark.parametrize(
    ("given", "written"),
    [
        pytest.param(address(), ("Flat 4", "27 Baker Street", "London NW1 6XE", "GB"), id="uk-town-then-postcode"),
        pytest.param(
            address(lines=["Rosenthaler Straße 40"], city="Berlin", postcode="10178", country="DE"),
            ("Rosenthaler Straße 40", "10178 Berlin", "DE"),
            id="germany-postcode-then-town",
        ),
        pytest.param(
            address(lines=["350 Mission Street"], city="San Francisco", postcode="94105", region="CA", country="US"),
            ("350 Mission Street", "San Francisco, CA 94105", "US"),
            id="us-state-and-zip",
        ),
        pytest.param(
            address(
                lines=["天河区珠江新城花城大道85号"], city="广州市", postcode="510623", region="广东省", country="CN"
            ),
            ("广东省广州市", "天河区珠江新城花城大道85号", "510623 CN"),
            id="china-largest-place-first",
        ),
        pytest.param(
            address(lines=["浦东新区世纪大道88号"], city="上海市", postcode="200120", region="上海市", country="CN"),
            ("上海市", "浦东新区世纪大道88号", "200120 CN"),
            id="china-city-that-is-its-province",
        ),
    ],
)
def test_written_address(given, written):
    assert written_address(given) == written
