"""Photos the policy asks for: the checklist, the uploads that arrived, and "I have none".

The widget (or a messaging connector) uploads straight to the returns service with the chat
token, then sends a message (`/provide_evidence`) whose metadata lists the evidence ids. Those
ids are only a hint: each one is looked up in the service with the order token and this
conversation, so an id made up by the client, or another customer's, is simply not found.
The service, not the bot, counts the confirmed ids per kind against the policy.

Without photos the return goes to a person's review at once, never round a loop: "I have none"
(the button, the no_evidence intent, a "no"), a refusal or an angry answer in words, or a second
answer that is not a photo. The review needs no more questions, so the return is submitted in
that same turn with the resolution the customer chose (else a refund, which the reviewer can
change); the service opens the case for the reviewer.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from .backend_client import Refused, ServiceUnavailable, call_service, service

# Message metadata the widget sends with /provide_evidence (bot/widget/public/returndesk-widget.js).
METADATA_IDS = "evidence_ids"
METADATA_ERRORS = "evidence_errors"
EVIDENCE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
MAX_IDS_PER_MESSAGE = 10
MAX_ERROR_CHARS = 200
NO_PHOTO = [{"title": "I don't have a photo", "payload": "/no_evidence"}]
HOW_TO_SEND = (
    "Use the 📎 button next to the message box to add them — on a phone you can take them with the "
    "camera. No photo? Just say so, and a person from our team will review the return instead."
)
SERVICE_DOWN = "I can't reach our returns system to check the photos right now. Please try again in a moment."
# Words that mean "no photos from me": none to give, a refusal, or anger at being asked. English
# and Chinese, as shoppers type them; matched anywhere in the answer.
NO_PHOTOS = re.compile(
    r"\b(no|none|nope|don'?t|do not|haven'?t|have no|not sending|won'?t|will not|can'?t|cannot|refuse|"
    r"lost|threw|thrown|deleted|just refund|just give|money back|ridiculous|joke|unacceptable|scam|"
    r"rubbish|garbage|terrible|awful|angry|furious|fed up|wtf)\b"
    r"|没有|没照片|没图|不拍|拍不了|不想拍|不发|不给|不能拍|扔了|删了|直接退|退钱|太差|气死|垃圾|投诉|离谱|骗",
    re.IGNORECASE,
)
# to the catalogue
TEXTS = {
    "en": {
        "unclear": "I need the photos as uploads (the 📎 button). If you don't have any, say so or press "
        "\u201cI don't have a photo\u201d, and a person from our team will review the return instead.",
        "declined": "No problem, we'll go on without photos.",
        "review": "A person from our team will review the return before you send anything.",
        "as_refund": "I've sent it for review as a {resolution}; tell the reviewer if you'd prefer something else.",
    },
    "zh": {
        "unclear": "照片需要通过上传发送（📎 按钮）。如果没有照片，请直接告诉我或点击"
        "\u201c我没有照片\u201d，我们的工作人员会改为人工审核这次退货。",
        "declined": "没关系，没有照片也可以继续。",
        "review": "在您寄出商品之前，我们的工作人员会先人工审核这次退货。",
        "as_refund": "我已按\u201c{resolution}\u201d提交审核；如想改为其他方式，请告诉审核人员。",
    },
}
RESOLUTION_WORDS = {
    "en": {"refund": "refund", "exchange": "exchange", "store_credit": "store credit"},
    "zh": {"refund": "退款", "exchange": "换货", "store_credit": "店铺余额"},
}


def _language(tracker: Tracker) -> str:
    return "zh" if str(tracker.get_slot("language") or "en").lower().startswith("zh") else "en"


def say(tracker: Tracker, key: str, **values: str) -> str:
    return TEXTS[_language(tracker)][key].format(**values)


def missing_evidence(preview: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The policy's evidence requirements not met yet, each with how many are `missing`."""
    wanted = (preview or {}).get("required_evidence") or []
    return [
        {**need, "missing": need["count"] - need.get("received", 0)}
        for need in wanted
        if need["count"] > need.get("received", 0)
    ]


def _latest_intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")


def latest_metadata(tracker: Tracker) -> dict[str, Any]:
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            metadata = event.get("metadata")
            return metadata if isinstance(metadata, dict) else {}
    return {}


def offered_ids(metadata: dict[str, Any]) -> list[str]:
    """Evidence ids the client says it uploaded: well-formed, distinct, a handful at most."""
    ids = metadata.get(METADATA_IDS)
    if not isinstance(ids, list):
        return []
    wanted = [i for i in ids if isinstance(i, str) and EVIDENCE_ID.match(i)]
    return list(dict.fromkeys(wanted))[:MAX_IDS_PER_MESSAGE]


def rejected_uploads(metadata: dict[str, Any]) -> list[str]:
    """The service's reasons for refusing uploads, as the client relayed them (shown back as text)."""
    errors = metadata.get(METADATA_ERRORS)
    if not isinstance(errors, list):
        return []
    return [" ".join(e.split())[:MAX_ERROR_CHARS] for e in errors if isinstance(e, str) and e.strip()][:3]


class AskEvidence(Action):
    """The checklist: exactly the photos the policy still needs, plus the widget's request."""

    def name(self) -> str:
        return "action_ask_evidence"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        missing = missing_evidence(tracker.get_slot("preview"))
        some_arrived = bool(tracker.get_slot("evidence_ids"))
        lines = ["Thanks! Still needed:" if some_arrived else "To decide on this return we need photos:"]
        lines += [
            f"• {need['text']}" + (f" ({need['received']} received)" if need.get("received") else "")
            for need in missing
        ]
        lines.append(HOW_TO_SEND)
        request = {
            "evidence_request": {
                "items": [{k: need[k] for k in ("kind", "count", "missing", "text")} for need in missing],
            }
        }
        # Rasa's socket.io output emits a custom message's "data" as the event's payload.
        dispatcher.utter_message(text="\n".join(lines), buttons=NO_PHOTO, json_message={"data": request})
        return []


async def validate_evidence(value: Any, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
    """The evidence slot: "declined", or the uploads confirmed so far (`evidence_ids`).

    With `evidence_ids` in the answer the form asks the policy again (its dry run), and
    `evidence_after_catch_up` decides whether more are needed.
    """
    if value == "declined":
        return _declined(dispatcher, tracker)
    if value != "provided":  # typed text while we wait for photos
        if NO_PHOTOS.search(str(value)) or _asked_again(tracker):
            return _declined(dispatcher, tracker)  # "I don't have any", "just refund me", or twice unclear
        dispatcher.utter_message(text=say(tracker, "unclear"), buttons=NO_PHOTO)
        return {"evidence": None}
    return await confirm_uploads(dispatcher, tracker)


def _asked_again(tracker: Tracker) -> bool:
    """Whether the bot already said it needs uploads after the customer's previous answer: a second
    answer that is no photo either ends the asking, so a customer without photos never loops."""
    unclear = {texts["unclear"] for texts in TEXTS.values()}
    users = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users += 1
            if users == 2:
                return False
        elif users == 1 and event.get("event") == "bot" and event.get("text") in unclear:
            return True
    return False


async def confirm_uploads(dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
    """The uploads the latest message names, each confirmed by the service: `evidence_ids` with
    the new ones added, or `evidence: None` when nothing new arrived."""
    metadata = latest_metadata(tracker)
    for detail in rejected_uploads(metadata):
        dispatcher.utter_message(text=f"That file couldn't be used: {detail} Please try another one.")
    known = list(tracker.get_slot("evidence_ids") or [])
    new = [i for i in offered_ids(metadata) if i not in known]
    if not new:
        if not rejected_uploads(metadata):
            dispatcher.utter_message(text="I don't see a new photo yet.")
        return {"evidence": None}
    token = tracker.get_slot("order_token")
    confirmed = []
    for evidence_id in new:
        try:
            found = await call_service(service.evidence, token, tracker.sender_id, evidence_id)
        except ServiceUnavailable:
            dispatcher.utter_message(text=SERVICE_DOWN)
            break
        except Refused:
            dispatcher.utter_message(text="One upload didn't reach us. Please send that photo again.")
            continue
        confirmed.append(found["evidence_id"])
        _confirm(dispatcher, found, len(known) + len(confirmed))
    return {"evidence_ids": known + confirmed}


async def photos_out_of_turn(
    dispatcher: CollectingDispatcher, tracker: Tracker, slot_name: str
) -> dict[str, Any] | None:
    """Photos (or "no photo") while the form asks something else: not an answer to that question
    (the slot is asked again), but uploads are kept once the order is known, so the policy counts
    them when it sees the reason. None when the message is not about evidence."""
    intent = _latest_intent(tracker)
    if intent not in ("provide_evidence", "no_evidence"):
        return None
    if intent == "no_evidence":
        # Remembered: when the policy asks for photos later, the customer is not asked again.
        return {slot_name: None, **({"evidence": "declined"} if tracker.get_slot("order_token") else {})}
    if not tracker.get_slot("order_token"):
        dispatcher.utter_message(
            text="Thanks! I'll ask for photos once I've found your order — please send them again then."
        )
        return {slot_name: None}
    confirmed = await confirm_uploads(dispatcher, tracker)
    return {slot_name: None, **({"evidence_ids": confirmed["evidence_ids"]} if "evidence_ids" in confirmed else {})}


def evidence_after_catch_up(preview: dict[str, Any] | None) -> dict[str, Any]:
    """After the policy saw the uploads: done, or ask again for what is still missing."""
    return {"evidence": None if preview is None or missing_evidence(preview) else "provided"}


def _confirm(dispatcher: CollectingDispatcher, found: dict[str, Any], number: int) -> None:
    what = "video" if str(found.get("media_type", "")).startswith("video/") else "photo"
    hints = " ".join(h["message"] for h in found.get("hints") or [] if isinstance(h.get("message"), str))
    text = f"Got it — {what} {number} received."
    if hints:
        text += f" {hints} A retake would help us decide faster: you can add another one."
    image = found.get("thumbnail_url")
    dispatcher.utter_message(text=text, image=image if isinstance(image, str) and image else None)


def _declined(dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
    """No photos: straight to a person's review, submitted in this turn (nothing left to ask)."""
    preview = tracker.get_slot("preview") or {}
    resolution = _resolution_for_review(tracker, preview)
    if resolution is None:  # nothing the policy offers: the form asks on, so say why a person looks
        why = [e["text"] for e in preview.get("explanations", []) if e.get("rule_id") == "review.evidence_missing"]
        # The policy's own sentence is English until the service's texts are translated.
        english = _language(tracker) == "en"
        dispatcher.utter_message(
            text=" ".join([say(tracker, "declined"), " ".join(why) if why and english else say(tracker, "review")])
        )
        return {"evidence": "declined"}
    # The return's own answer, right after, says why a person reviews it; this says what was sent.
    lines = [say(tracker, "declined")]
    if tracker.get_slot("resolution") != resolution:
        words = RESOLUTION_WORDS[_language(tracker)]
        lines.append(say(tracker, "as_refund", resolution=words.get(resolution, resolution)))
    dispatcher.utter_message(text=" ".join(lines))
    return {"evidence": "declined", "resolution": resolution, "confirmed": True}


def _resolution_for_review(tracker: Tracker, preview: dict[str, Any]) -> str | None:
    """What the customer asked for, else a refund, else the policy's first option."""
    offered = [option.get("kind") for option in preview.get("resolutions") or []]
    for kind in (tracker.get_slot("resolution"), "refund", *offered):
        if kind and kind in offered:
            return kind
    return None


class EvidenceOutsideReturn(Action):
    """Photos (or "I have none") when no return is being collected.

    Photos sent after a return went to review without them are added to that return (the
    conversation's latest RMA, re-verified with the customer's contact), and the policy
    decides again; anything else is explained.
    """

    def name(self) -> str:
        return "action_evidence_outside_return"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        if _latest_intent(tracker) == "no_evidence":
            dispatcher.utter_message(text="No problem — no photos are needed right now.")
            return []
        rma, contact = tracker.get_slot("rma_number"), tracker.get_slot("contact")
        ids = offered_ids(latest_metadata(tracker))
        if not (rma and contact and ids):
            dispatcher.utter_message(
                text="Thanks! I take photos while we go through a return together. To start one, say "
                "\u201creturn an item\u201d.",
                buttons=[{"title": "Return an item", "payload": "/start_return"}],
            )
            return []
        try:
            await self._add_to_return(dispatcher, tracker, rma, contact, ids)
        except ServiceUnavailable:
            dispatcher.utter_message(text=SERVICE_DOWN)
        except Refused as refusal:
            dispatcher.utter_message(text=f"I couldn't add the photos to {rma}: {refusal.detail}")
        return []

    async def _add_to_return(self, dispatcher, tracker: Tracker, rma: str, contact: str, ids: list[str]) -> None:
        sender = tracker.sender_id
        token = (await call_service(service.verify, sender, contact, rma_number=rma))["token"]
        confirmed: list[str] = []
        for evidence_id in ids:
            try:
                found = await call_service(service.evidence, token, sender, evidence_id)
            except Refused:
                dispatcher.utter_message(text="One upload didn't reach us. Please send that photo again.")
                continue
            confirmed.append(found["evidence_id"])
            _confirm(dispatcher, found, len(confirmed))
        if not confirmed:
            return
        updated = await call_service(service.add_return_evidence, token, sender, rma, confirmed)
        if updated["status"] == "pending_review":
            text = f"I've added the photos to your return {rma}. A member of our team will review it and let you know."
        else:
            steps = (updated.get("instructions") or {}).get("steps") or []
            text = " ".join([f"Thanks — with the photos your return {rma} is now {updated['status']}.", *steps])
        dispatcher.utter_message(text=text)
