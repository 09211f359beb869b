"""No body or RMA number makes the warehouse endpoints answer 500."""

from __future__ import annotations

from urllib.parse import quote

from hypothesis import given, settings
from hypothesis import strategies as st

from ..test_api_robustness import _assert_handled, json_values
from .helpers import new_return

FUZZ = settings(max_examples=40, deadline=None)
ITEMS = st.sampled_from(["tags_attached", "no_stains", "not_worn", "accessories_complete", "powers_on", ""])
inspected_lines = st.lists(
    st.fixed_dictionaries(
        {
            "line_no": st.integers(min_value=-2, max_value=4),
            "grade": st.sampled_from(["resalable", "refurbishable", "unsellable", "mint"]),
            "disposition": st.sampled_from(["restock", "repair", "scrap", "return_to_vendor", "donate_recycle"]),
            "checklist": st.dictionaries(ITEMS, st.booleans(), max_size=5),
            "evidence_ids": st.lists(st.text(max_size=12), max_size=2),
        }
    ),
    max_size=3,
)


def test_random_bodies(api, signed_in):
    received = new_return(api)["rma_number"]
    waiting = new_return(api, number="A1002")["rma_number"]
    station = signed_in("wim", "warehouse")
    assert station.post("/warehouse/receipts", json={"rma_number": received}).status_code == 201

    @FUZZ
    @given(body=json_values, lines=inspected_lines, receipt_lines=json_values)
    def check(body, lines, receipt_lines):
        _assert_handled(station.post("/warehouse/receipts", json=body))
        _assert_handled(station.post("/warehouse/receipts", json={"rma_number": waiting, "lines": receipt_lines}))
        _assert_handled(station.post(f"/warehouse/rmas/{received}/inspection", json=body))
        _assert_handled(station.post(f"/warehouse/rmas/{received}/inspection", json={"lines": lines}))

    check()


def test_random_rma_numbers(api, signed_in):
    station = signed_in("wim", "warehouse")

    @FUZZ
    @given(text=st.text(min_size=1, max_size=40))
    def check(text):
        _assert_handled(station.get(f"/warehouse/rmas/{quote(text, safe='')}"))
        _assert_handled(station.post("/warehouse/receipts", json={"rma_number": text}))

    check()


def test_a_file_that_is_not_a_photo(api, signed_in):
    number = new_return(api)["rma_number"]
    station = signed_in("wim", "warehouse")
    answer = station.post(f"/warehouse/rmas/{number}/photos", files={"file": ("x.jpg", b"not an image", "image/jpeg")})
    _assert_handled(answer)
    assert answer.status_code in (415, 422)
