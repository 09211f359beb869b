"""The evidence step of the return form against the real service: the policy's checklist, uploads
confirmed one by one from the service (never from the client's word), "I have no photo", and the
evidence carried into the dry run and the return."""

from __future__ import annotations

import io
import random

import pytest
import requests
from PIL import Image
from rasa_sdk import Tracker

from actions.evidence import AskEvidence, EvidenceOutsideReturn, missing_evidence
from actions.return_form import ValidateReturnForm
from actions.submit import SubmitReturn

from .conftest import run, tracker
from .test_signed_in import push_order

form = ValidateReturnForm()


def texts(dispatcher) -> str:
    return " ".join(message.get("text") or "" for message in dispatcher.messages)


def noisy_jpeg(seed: int) -> bytes:
    """A photo unlike any other (the service flags near-duplicates across customers)."""
    rng = random.Random(seed)
    image = Image.new("RGB", (320, 240))
    image.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(320 * 240)])
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


def chat_session(service_url: str) -> dict:
    response = requests.post(f"{service_url}/chat/sessions", timeout=10)
    assert response.status_code == 201, response.text
    return response.json()


def upload(service_url: str, token: str, seed: int, kind: str = "photo_damage") -> str:
    response = requests.post(
        f"{service_url}/evidence",
        headers={"Authorization": f"Bearer {token}"},
        files={"file": (f"photo-{seed}.jpg", noisy_jpeg(seed), "image/jpeg")},
        data={"kind": kind},
        timeout=30,
    )
    assert response.status_code == 201, response.text
    return response.json()["evidence_id"]


async def _asked_for_photos(dispatcher, sender: str, order: str = "A1002", email: str = "ben@example.com") -> dict:
    """Slots up to the evidence question: by default the faulty running shoes on A1002 (45 days
    old, so only a fault is still open), else the spoiled cheese on A1004 (for a test that
    submits, so the others still find the shoes returnable)."""
    slots = {"order_number": order}
    slots |= await form.validate_contact(email, dispatcher, tracker(slots, sender=sender), {})
    wanted = "cheese" if order == "A1004" else ""
    item = next(item for item in slots["returnable_items"] if wanted in item["name"].lower())
    slots |= await form.validate_line_no(str(item["line_no"]), dispatcher, tracker(slots, sender=sender), {})
    reason = "damaged_in_transit" if order == "A1004" else "defective"
    slots |= await form.validate_reason(reason, dispatcher, tracker(slots, sender=sender), {})
    assert slots.get("preview", {}).get("outcome") == "review", [m["text"] for m in dispatcher.messages]
    return slots


def test_the_bot_asks_for_exactly_the_photos_the_policy_needs(live_service, service_url, dispatcher):
    async def scenario() -> None:
        session = chat_session(service_url)
        slots = await _asked_for_photos(dispatcher, session["conversation_id"])
        [need] = missing_evidence(slots["preview"])
        assert need["kind"] == "photo_damage" and need["missing"] == need["count"] >= 1
        assert "evidence" in await form.required_slots([], dispatcher, tracker(slots), {})

        asked = type(dispatcher)()
        await AskEvidence().run(asked, tracker(slots), {})
        [message] = asked.messages
        assert need["text"] in message["text"]
        assert message["buttons"] == [{"title": "I don't have a photo", "payload": "/no_evidence"}]
        request = message["custom"]["data"]["evidence_request"]
        assert request["items"] == [{k: need[k] for k in ("kind", "count", "missing", "text")}]

    run(scenario())


def test_uploads_are_confirmed_from_the_service_and_decide_the_return(live_service, service_url, dispatcher):
    async def scenario() -> None:
        session = chat_session(service_url)
        sender = session["conversation_id"]
        slots = await _asked_for_photos(dispatcher, sender, "A1004", "kim@example.com")
        count = missing_evidence(slots["preview"])[0]["count"]
        mine = [upload(service_url, session["token"], seed) for seed in range(101, 101 + count)]
        # Another conversation's upload, and an id the client made up, are not found for this one.
        stranger = upload(service_url, chat_session(service_url)["token"], 999)
        offered = {"evidence_ids": [*mine, stranger, "ev_made_up_123"]}

        said = type(dispatcher)()
        current = tracker(
            slots | {"requested_slot": "evidence"}, sender=sender, intent="provide_evidence", metadata=offered
        )
        updates = await form.validate_evidence("provided", said, current, {})
        assert updates["evidence_ids"] == mine
        assert updates["evidence"] == "provided", said.messages
        assert missing_evidence(updates["preview"]) == []
        images = [m["image"] for m in said.messages if m.get("image")]
        assert len(images) == count and all("/thumbnail?" in url for url in images)
        assert requests.get(images[0], timeout=10).headers["content-type"] == "image/jpeg"
        assert texts(said).count("didn't reach us") == 2

        slots |= updates | {"resolution": "refund", "confirmed": True}
        events = await SubmitReturn().run(said, tracker(slots, sender=sender), {})
        rma = next(e["value"] for e in events if e.get("name") == "rma_number")
        landed = live_service.get_return(slots["order_token"], rma)
        assert sorted(landed["evidence_ids"]) == sorted(mine)
        assert "review.evidence_missing" not in landed["decision"]["rule_ids"], landed["decision"]

    run(scenario())


def test_no_photo_goes_to_a_persons_review_in_the_same_turn(live_service, service_url, dispatcher):
    async def scenario() -> None:
        session = chat_session(service_url)
        slots = await _asked_for_photos(dispatcher, session["conversation_id"])
        said = type(dispatcher)()
        current = tracker(slots | {"requested_slot": "evidence"}, intent="no_evidence")
        updates = await form.validate_evidence("declined", said, current, {})
        # Nothing left to ask: the return is submitted for review in this same turn.
        assert updates == {"evidence": "declined", "resolution": "refund", "confirmed": True}
        # The policy's words on why come with the return's own answer (SubmitReturn), not twice.
        assert texts(said) == (
            "No problem, we'll go on without photos. I've sent the return for review as “Refund”; "
            "tell the reviewer if you'd prefer something else."
        )

    run(scenario())


def test_a_chosen_resolution_is_kept_for_the_review(live_service, service_url, dispatcher):
    async def scenario() -> None:
        session = chat_session(service_url)
        slots = await _asked_for_photos(dispatcher, session["conversation_id"])
        said = type(dispatcher)()
        current = tracker(slots | {"requested_slot": "evidence", "resolution": "exchange"}, intent="deny")
        updates = await form.validate_evidence("declined", said, current, {})
        assert updates["resolution"] == "exchange" and "sent it for review" not in texts(said)

    run(scenario())


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param("I don't have any", id="none-to-give"),
        pytest.param("im not sending you photos, just refund me", id="refusal"),
        pytest.param("this is ridiculous, it broke after a day", id="angry"),
        pytest.param("我没有照片", id="zh-none"),
        pytest.param("质量太差了，直接退钱", id="zh-angry"),
    ],
)
def test_no_photos_in_words_goes_to_review_at_once(live_service, service_url, dispatcher, typed):
    async def scenario() -> None:
        session = chat_session(service_url)
        slots = await _asked_for_photos(dispatcher, session["conversation_id"])
        said = type(dispatcher)()
        current = tracker(slots | {"requested_slot": "evidence"}, text=typed, intent="inform")
        updates = await form.validate_evidence(typed, said, current, {})
        assert updates["evidence"] == "declined" and updates["confirmed"] is True, texts(said)

    run(scenario())


def test_an_answer_that_is_no_photo_is_asked_once_then_goes_to_review(live_service, service_url, dispatcher):
    async def scenario() -> None:
        session = chat_session(service_url)
        slots = await _asked_for_photos(dispatcher, session["conversation_id"]) | {"requested_slot": "evidence"}
        first = type(dispatcher)()
        asked = tracker(slots, text="hmm where", intent="inform")
        assert await form.validate_evidence("hmm where", first, asked, {}) == {"evidence": None}
        assert first.messages[0]["buttons"] == [{"title": "I don't have a photo", "payload": "/no_evidence"}]

        # The next answer is no photo either: no third question, straight to review.
        events = [
            *asked.events,
            {"event": "bot", "text": first.messages[0]["text"]},
            {"event": "bot", "text": "To decide on this return we need photos:"},
            {"event": "user", "text": "what", "parse_data": {"intent": {"name": "inform"}}},
        ]
        again = Tracker(asked.sender_id, asked.slots, asked.latest_message, events, False, None, {}, "action_listen")
        second = type(dispatcher)()
        updates = await form.validate_evidence("what", second, again, {})
        assert updates["evidence"] == "declined" and updates["confirmed"] is True, texts(second)

    run(scenario())


def test_a_chinese_chat_hears_the_review_in_chinese(live_service, service_url, dispatcher):
    async def scenario() -> None:
        session = chat_session(service_url)
        slots = await _asked_for_photos(dispatcher, session["conversation_id"])
        said = type(dispatcher)()
        current = tracker(slots | {"requested_slot": "evidence", "language": "zh"}, intent="no_evidence")
        await form.validate_evidence("declined", said, current, {})
        assert texts(said).startswith("没关系，没有照片也可以继续。") and "退款" in texts(said)

    run(scenario())


def test_a_refused_upload_is_asked_again_with_the_services_reason(live_service, service_url, dispatcher):
    async def scenario() -> None:
        session = chat_session(service_url)
        slots = await _asked_for_photos(dispatcher, session["conversation_id"])
        said = type(dispatcher)()
        metadata = {"evidence_ids": [], "evidence_errors": ["Photos must be under 15 MB."]}
        current = tracker(slots | {"requested_slot": "evidence"}, intent="provide_evidence", metadata=metadata)
        updates = await form.validate_evidence("provided", said, current, {})
        assert updates == {"evidence": None}  # the form asks again, with the checklist
        assert "That file couldn't be used: Photos must be under 15 MB." in texts(said)

    run(scenario())


def test_photos_sent_after_the_return_went_to_review_are_added_to_it(live_service, service_url, dispatcher):
    async def scenario() -> None:
        session = chat_session(service_url)
        sender = session["conversation_id"]
        push_order(live_service, "EV5001", "late.photos@example.com")
        slots = await _asked_for_photos(dispatcher, sender, "EV5001", "late.photos@example.com")
        slots |= await form.validate_evidence("declined", dispatcher, tracker(slots, sender=sender), {})
        slots |= {"resolution": "refund", "confirmed": True}
        events = await SubmitReturn().run(dispatcher, tracker(slots, sender=sender), {})
        after = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
        rma = after["rma_number"]
        assert live_service.get_return(slots["order_token"], rma)["status"] == "pending_review"

        count = missing_evidence(slots["preview"])[0]["count"]
        ids = [upload(service_url, session["token"], seed) for seed in range(301, 301 + count)]
        said = type(dispatcher)()
        later = {"rma_number": rma, "contact": "late.photos@example.com", "order_number": "EV5001"}
        current = tracker(
            later, sender=sender, intent="provide_evidence", active_loop=None, metadata={"evidence_ids": ids}
        )
        await EvidenceOutsideReturn().run(said, current, {})
        assert sum(1 for m in said.messages if m.get("image")) == count
        assert rma in texts(said), said.messages
        token = live_service.verify(sender, "late.photos@example.com", rma_number=rma)["token"]
        assert sorted(live_service.get_return(token, rma)["evidence_ids"]) == sorted(ids)

    run(scenario())


def test_photos_sent_before_the_bot_asks_are_kept_and_counted(live_service, service_url, dispatcher):
    push_order(live_service, "EV5002", "early.photos@example.com")

    async def scenario() -> None:
        session = chat_session(service_url)
        sender = session["conversation_id"]
        slots = {"order_number": "EV5002"}
        slots |= await form.validate_contact("early.photos@example.com", dispatcher, tracker(slots, sender=sender), {})
        slots |= await form.validate_line_no("1", dispatcher, tracker(slots, sender=sender), {})
        ids = [upload(service_url, session["token"], seed) for seed in (401, 402)]

        # Asked for the reason, the customer sends the photos first: not a reason, but kept.
        said = type(dispatcher)()
        early = tracker(slots, sender=sender, intent="provide_evidence", metadata={"evidence_ids": ids})
        updates = await form.validate_reason("/provide_evidence", said, early, {})
        assert updates == {"reason": None, "evidence_ids": ids}
        assert sum(1 for m in said.messages if m.get("image")) == 2
        slots |= updates

        slots |= await form.validate_reason("defective", dispatcher, tracker(slots, sender=sender), {})
        assert slots["preview"]["required_evidence"], slots["preview"]  # the policy wants photos ...
        assert missing_evidence(slots["preview"]) == []  # ... and has them: nothing to ask
        assert "evidence" not in await form.required_slots([], dispatcher, tracker(slots, sender=sender), {})

    run(scenario())
