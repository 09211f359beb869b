"""Photo evidence in the widget, in Chromium, against the live service, action server and Rasa:
a customer with an item that arrived broken uploads the two photos the policy asks for and gets
the return the policy gives; the service keeps the photos on the return, without EXIF or GPS."""

from __future__ import annotations

import io
import random

import requests
from PIL import ExifTags, Image
from playwright.sync_api import Page, expect

from ..browser import (
    ANSWER_TIMEOUT_MS,
    bot_messages,
    buttons,
    click_button,
    mark,
    open_widget,
    send_and_wait,
    wait_for_turn,
)
from ..orders import push_order
from ..stack import Stack

ORDER, EMAIL = "E4001", "dana.damage@example.com"


VASE = {"sku": "HM-VASE-CER", "name": "Ceramic vase", "category": "home", "unit_price_minor": 4990}


def photo(seed: int, *, gps: bool = False) -> dict:
    """A phone-like JPEG (noise, so no two are alike); with `gps`, EXIF with a camera and a location."""
    rng = random.Random(seed)
    image = Image.new("RGB", (640, 480))
    image.putdata([(rng.randrange(40, 220),) * 3 for _ in range(640 * 480)])
    exif = Image.Exif()
    if gps:
        exif[ExifTags.Base.Make] = "PhoneMaker"
        exif[ExifTags.Base.Model] = "Phone 12"
        location = exif.get_ifd(ExifTags.IFD.GPSInfo)
        location[ExifTags.GPS.GPSLatitudeRef] = "N"
        location[ExifTags.GPS.GPSLatitude] = (52.0, 31.0, 12.0)
        location[ExifTags.GPS.GPSLongitudeRef] = "E"
        location[ExifTags.GPS.GPSLongitude] = (13.0, 24.0, 36.0)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=90, exif=exif)
    data = buffer.getvalue()
    if gps:  # the test photo really carries what the service must strip
        assert Image.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    return {"name": f"IMG_{seed}.jpg", "mimeType": "image/jpeg", "buffer": data}


def assert_no_exif(data: bytes, what: str) -> None:
    image = Image.open(io.BytesIO(data))
    exif = image.getexif()
    assert not exif.get_ifd(ExifTags.IFD.GPSInfo), f"{what} still has a GPS location"
    assert len(exif) == 0, f"{what} still has EXIF: {dict(exif)}"
    assert b"Exif\x00\x00" not in data, f"{what} still has an EXIF segment"


def test_a_customer_uploads_two_photos_of_a_broken_item_and_gets_the_policys_outcome(
    stack: Stack, page: Page, service_as_owner
):
    push_order(stack, ORDER, EMAIL, name="Dana Damage", item=VASE)
    page.goto(f"{stack.service_url}/")
    open_widget(page)
    # Payloads, not sentences: this is about photos, not about how the model reads "arrived broken".
    send_and_wait(page, f'/start_return{{"order_number": "{ORDER}", "reason": "damaged_in_transit"}}')
    answers = send_and_wait(page, f'/inform{{"email": "{EMAIL}"}}')
    checklist = next((text for text in answers if "To decide on this return we need photos" in text), None)
    assert checklist and "2 photo(s) clearly showing the damage or fault" in checklist, bot_messages(page)
    assert "I don't have a photo" in buttons(page)
    attach = page.get_by_role("button", name="Attach photos or a video")
    expect(attach).to_have_class("rd-attach rd-attach--wanted")  # the widget heard the request

    since = mark(page)
    page.get_by_test_id("rd-file").set_input_files([photo(4001, gps=True), photo(4002)])
    expect(page.get_by_test_id("rd-upload-status")).to_have_text(["Uploaded \u2713"] * 2, timeout=ANSWER_TIMEOUT_MS)
    confirmed = wait_for_turn(page, since)
    thumbnails = page.locator(".rd-image")
    expect(thumbnails).to_have_count(2)
    assert sum("received" in text for text in confirmed) == 2, bot_messages(page)
    for index in range(2):  # each thumbnail really loads from its signed link
        expect(thumbnails.nth(index)).to_have_js_property("complete", True)
        assert thumbnails.nth(index).evaluate("img => img.naturalWidth") > 0

    refund = next((title for title in buttons(page) if title.startswith("Refund")), None)
    assert refund, bot_messages(page)
    click_button(page, refund)
    assert "Shall I submit it?" in bot_messages(page)[-1], bot_messages(page)
    answers = click_button(page, "Yes, submit")  # the RMA, then the chat-rating question
    done = next((text for text in answers if "return number is RMA-" in text), "")
    assert done, bot_messages(page)

    # The service holds the return with both photos, decided by the policy with them counted.
    rma = done.split("return number is ")[1].split(".")[0]
    headers = service_as_owner(ORDER, EMAIL)
    landed = requests.get(f"{stack.api}/returns/{rma}", headers=headers, timeout=10).json()
    assert len(landed["evidence_ids"]) == 2, landed
    assert "review.evidence_missing" not in landed["decision"]["rule_ids"], landed["decision"]
    assert landed["status"] in ("approved", "pending_review"), landed
    if landed["status"] == "approved":
        assert done.startswith("Your return number is RMA-")

    # Neither the stored photos nor the thumbnails carry EXIF (the GPS of the first is gone).
    stored = [path.read_bytes() for path in (stack.folder / "evidence").rglob("*") if path.is_file()]
    images = [data for data in stored if data[:3] == b"\xff\xd8\xff" or data[:4] in (b"\x89PNG", b"RIFF")]
    assert len(images) >= 4, len(stored)  # at least our two photos and their thumbnails
    for data in images:
        assert_no_exif(data, "a stored file")
    for index in range(2):
        src = thumbnails.nth(index).get_attribute("src")
        thumbnail = requests.get(src, timeout=10)
        assert thumbnail.status_code == 200 and thumbnail.headers["content-type"] == "image/jpeg"
        assert_no_exif(thumbnail.content, "thumbnail")
