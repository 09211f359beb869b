"""Photo and video uploads in the widget, in Chromium, without servers: the service's evidence
endpoint is played by Playwright's router (the contract: POST /api/v1/evidence, multipart `file`
and `kind`, the chat token as bearer; 201 with an evidence id, problem+json when refused), and
socket.io by the fake in test_widget_rendering.py."""

from __future__ import annotations

import io
import json
import re

import pytest
from PIL import Image
from playwright.sync_api import Page, Route, expect

from ..browser import open_widget
from .test_widget_rendering import FAKE_SOCKET_IO, ORIGIN, PUBLIC, SESSION, say

EVIDENCE_REQUEST = {
    "evidence_request": {
        "items": [{"kind": "photo_damage", "count": 2, "missing": 2, "text": "2 photo(s) of the damage"}]
    }
}


@pytest.fixture
def shop(page: Page) -> Page:
    """The shop's page with the widget open; the service answers chat sessions."""
    page.add_init_script(FAKE_SOCKET_IO)
    page.route(
        f"{ORIGIN}/",
        lambda route: route.fulfill(
            content_type="text/html",
            body=f'<!doctype html><html lang="en"><body><h1>Shop</h1>'
            f'<script src="{ORIGIN}/widget/returndesk-widget.js" data-service-url="{ORIGIN}" '
            f'data-rasa-url="http://rasa.test" defer></script></body></html>',
        ),
    )
    page.route(f"{ORIGIN}/widget/*", lambda route: route.fulfill(path=PUBLIC / route.request.url.rsplit("/", 1)[1]))
    page.route(
        f"{ORIGIN}/api/v1/chat/sessions",
        lambda route: route.fulfill(status=201, content_type="application/json", body=json.dumps(SESSION)),
    )
    page.goto(f"{ORIGIN}/")
    open_widget(page)
    return page


def png(colour: str = "red") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def photo(name: str, colour: str = "red") -> dict:
    return {"name": name, "mimeType": "image/png", "buffer": png(colour)}


class FakeEvidenceService:
    """Answers uploads from `answers` (status, body): in turn from a list, or by the uploaded
    file's name from a dict, since parallel uploads arrive in any order. Records what each
    request carried."""

    def __init__(self, page: Page, answers: list[tuple[int, dict]] | dict[str, tuple[int, dict]]) -> None:
        self.answers = answers if isinstance(answers, dict) else list(answers)
        self.requests: list[dict] = []
        page.route(f"{ORIGIN}/api/v1/evidence", self.handle)

    def handle(self, route: Route) -> None:
        request = route.request
        body = request.post_data_buffer or b""
        self.requests.append(
            {
                "authorization": request.headers.get("authorization"),
                "kind": b'name="kind"\r\n\r\nphoto_damage' in body,
                "has_file": b'name="file"; filename=' in body,
            }
        )
        if isinstance(self.answers, dict):
            filename = re.search(rb'name="file"; filename="([^"]+)"', body).group(1).decode()
            status, answer = self.answers[filename]
        else:
            status, answer = self.answers.pop(0)
        content_type = "application/json" if status < 400 else "application/problem+json"
        route.fulfill(status=status, content_type=content_type, body=json.dumps(answer))


def created(evidence_id: str) -> tuple[int, dict]:
    return 201, {"evidence_id": evidence_id, "kind": "photo_damage", "media_type": "image/jpeg", "hints": []}


def sent_evidence(page: Page) -> list[dict]:
    emitted = page.evaluate("window.__rasa.emitted")
    return [data for name, data in emitted if name == "user_uttered" and data["message"] == "/provide_evidence"]


def test_two_photos_picked_with_the_keyboard_are_uploaded_and_the_assistant_gets_their_ids(shop: Page):
    service = FakeEvidenceService(shop, {"box.png": created("ev-1"), "scratch.png": created("ev-2")})
    say(shop, EVIDENCE_REQUEST)
    expect(shop.get_by_test_id("rd-message-bot")).to_have_count(0)  # an instruction, not a message
    attach = shop.get_by_role("button", name="Attach photos or a video")
    expect(attach).to_have_class("rd-attach rd-attach--wanted")

    # Keyboard: Tab reaches the button and Enter opens the file picker (counted, not shown:
    # headless Chromium's file-chooser interception is unreliable under load).
    shop.evaluate(
        "() => { window.__pickerOpened = 0; document.querySelector('[data-testid=rd-file]')"
        ".addEventListener('click', () => window.__pickerOpened++); }"
    )
    attach.focus()
    shop.keyboard.press("Enter")
    assert shop.evaluate("window.__pickerOpened") == 1
    shop.get_by_test_id("rd-file").set_input_files([photo("box.png"), photo("scratch.png", "blue")])

    expect(shop.get_by_test_id("rd-upload-status")).to_have_text(["Uploaded ✓", "Uploaded ✓"])
    shop.wait_for_function("window.__rasa.emitted.some(([n, d]) => n === 'user_uttered')")
    [message] = sent_evidence(shop)
    # In the order they were picked, with the widget's language as every message carries it.
    assert message["metadata"] == {"locale": "en", "evidence_ids": ["ev-1", "ev-2"]}
    assert message["session_id"] == SESSION["conversation_id"]
    assert [r["authorization"] for r in service.requests] == ["Bearer t", "Bearer t"]
    assert all(r["kind"] and r["has_file"] for r in service.requests)
    expect(shop.get_by_test_id("rd-typing")).to_be_visible()

    # The assistant confirms with the thumbnail, a path on the service: shown from the service.
    say(shop, {"attachment": {"type": "image", "payload": {"src": "/api/v1/evidence/ev-1/thumbnail?sig=abc"}}})
    expect(shop.locator(".rd-image")).to_have_attribute("src", f"{ORIGIN}/api/v1/evidence/ev-1/thumbnail?sig=abc")


def test_a_failed_upload_can_be_retried(shop: Page):
    service = FakeEvidenceService(shop, [(503, {"detail": "busy"}), created("ev-9")])
    shop.get_by_test_id("rd-file").set_input_files([photo("dent.png")])
    retry = shop.get_by_role("button", name="Retry uploading dent.png")
    expect(retry).to_be_visible()
    expect(retry).to_be_focused()
    assert sent_evidence(shop) == []  # nothing to tell the assistant yet
    retry.click()
    expect(shop.get_by_test_id("rd-upload-status")).to_have_text("Uploaded ✓")
    shop.wait_for_function("window.__rasa.emitted.some(([n, d]) => n === 'user_uttered')")
    assert [m["metadata"] for m in sent_evidence(shop)] == [{"locale": "en", "evidence_ids": ["ev-9"]}]
    assert len(service.requests) == 2


def test_a_refused_file_shows_the_services_reason_and_the_assistant_hears_it(shop: Page):
    FakeEvidenceService(shop, [(413, {"title": "Too large", "status": 413, "detail": "Photos must be under 15 MB."})])
    shop.get_by_test_id("rd-file").set_input_files([photo("huge.png")])
    expect(shop.get_by_test_id("rd-upload-status")).to_have_text("Photos must be under 15 MB.")
    expect(shop.get_by_test_id("rd-retry")).to_have_count(0)  # the same file would be refused again
    shop.wait_for_function("window.__rasa.emitted.some(([n, d]) => n === 'user_uttered')")
    assert [m["metadata"] for m in sent_evidence(shop)] == [
        {"locale": "en", "evidence_ids": [], "evidence_errors": ["Photos must be under 15 MB."]}
    ]


def test_photos_dropped_onto_the_chat_are_uploaded(shop: Page):
    FakeEvidenceService(shop, [created("ev-drop")])
    shop.evaluate(
        """() => {
          const data = new DataTransfer();
          data.items.add(new File([new Uint8Array([137, 80, 78, 71])], "dropped.png", {type: "image/png"}));
          const panel = document.querySelector('[data-testid="rd-panel"]');
          panel.dispatchEvent(new DragEvent("dragover", {dataTransfer: data, bubbles: true, cancelable: true}));
          window.__dropHintShown = getComputedStyle(document.querySelector(".rd-drop-hint")).display !== "none";
          panel.dispatchEvent(new DragEvent("drop", {dataTransfer: data, bubbles: true, cancelable: true}));
        }"""
    )
    assert shop.evaluate("window.__dropHintShown")
    expect(shop.get_by_test_id("rd-upload-status")).to_have_text("Uploaded ✓")
    shop.wait_for_function("window.__rasa.emitted.some(([n, d]) => n === 'user_uttered')")
    assert [m["metadata"] for m in sent_evidence(shop)] == [{"locale": "en", "evidence_ids": ["ev-drop"]}]


def test_phones_can_take_the_photo_with_the_back_camera(shop: Page):
    # The camera button shows on touch screens only (CSS pointer: coarse); its picker opens the
    # back camera directly, the attach button's picker offers files and the gallery.
    camera = shop.get_by_test_id("rd-camera-file")
    expect(camera).to_have_attribute("capture", "environment")
    expect(camera).to_have_attribute("accept", "image/*,video/*")
    expect(shop.get_by_test_id("rd-file")).to_have_attribute("accept", "image/*,video/*")
    expect(shop.get_by_test_id("rd-camera")).to_have_attribute("aria-label", "Take a photo with the camera")
    expect(shop.get_by_test_id("rd-camera")).to_be_hidden()  # a desktop: no pointer: coarse
