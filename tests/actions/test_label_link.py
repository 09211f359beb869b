"""The bot's answer to an approved return links the label PDF the service signed (and nothing when
the customer keeps everything)."""

from __future__ import annotations

from actions.submit import _created_message

LINK = "http://127.0.0.1:8000/api/v1/returns/RMA-MVBT-J5SF-GT37/label.pdf?expires=1&signature=abc"


def _created(label_url: str | None) -> dict:
    return {
        "rma_number": "RMA-MVBT-J5SF-GT37",
        "status": "approved",
        "decision": {"explanations": []},
        "refund_estimate_minor": 5990,
        "currency": "EUR",
        "instructions": {
            "steps": ["Print the return label and stick it on the parcel."],
            "label": {"label_url": label_url, "parcels": []},
        },
    }


def test_an_approved_return_links_its_label():
    text = _created_message(_created(LINK))
    assert f"Your return label: {LINK}" in text
    assert text.index("Print the return label") < text.index(LINK) < text.index("Estimated refund")


def test_nothing_to_send_back_means_no_link():
    assert "Your return label" not in _created_message(_created(None))
