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

from bot.catalogue import LANGUAGES, has_message, message, sentences

from .backend_client import Refused, ServiceUnavailable, call_service, service
from .language import language_of, t
from .texts import resolution_title

# Message metadata the widget sends with /provide_evidence (bot/widget/public/returndesk-widget.js).
METADATA_IDS = "evidence_ids"
METADATA_ERRORS = "evidence_errors"
EVIDENCE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
MAX_IDS_PER_MESSAGE = 10
MAX_ERROR_CHARS = 200
# Words that mean "no photos from me": none to give, a refusal, or anger at being asked. English
# and Chinese, as shoppers type them; matched anywhere in the answer.
NO_PHOTOS = re.compile(
    r"\b(no|none|nope|don'?t|do not|haven'?t|have no|not sending|won'?t|will not|can'?t|cannot|refuse|"
    r"lost|threw|thrown|deleted|just refund|just give|money back|ridiculous|joke|unacceptable|scam|"
    r"rubbish|garbage|terrible|awful|angry|furious|fed up|wtf)\b"
    r"|没有|没照片|没图|不拍|拍不了|不想拍|不发|不给|不能拍|扔了|删了|直接退|退钱|太差|气死|垃圾|投诉|离谱|骗",
    re.IGNORECASE,
)


def no_photo_button(where: Tracker | str) -> list[dict[str, str]]:
    return [{"title": t(where, "button.no_photo"), "payload": "/no_evidence"}]


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
        language = language_of(tracker)
        missing = missing_evidence(tracker.get_slot("preview"))
        some_arrived = bool(tracker.get_slot("evidence_ids"))
        lines = [t(language, "evidence.still_needed" if some_arrived else "evidence.needed")]
        lines += [
            t(language, "evidence.need_received", need=need["text"], received=need["received"])
            if need.get("received")
            else t(language, "evidence.need", need=need["text"])
            for need in missing
        ]
        lines.append(t(language, "evidence.how_to_send"))
        request = {
            "evidence_request": {
                "items": [{k: need[k] for k in ("kind", "count", "missing", "text")} for need in missing],
            }
        }
        # Rasa's socket.io output emits a custom message's "data" as the event's payload.
        dispatcher.utter_message(
            text="\n".join(lines), buttons=no_photo_button(language), json_message={"data": request}
        )
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
        dispatcher.utter_message(text=t(tracker, "evidence.unclear"), buttons=no_photo_button(tracker))
        return {"evidence": None}
    return await confirm_uploads(dispatcher, tracker)


def _asked_again(tracker: Tracker) -> bool:
    """Whether the bot already said it needs uploads after the customer's previous answer: a second
    answer that is no photo either ends the asking, so a customer without photos never loops."""
    unclear = {message(language, "evidence.unclear") for language in LANGUAGES}
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
        dispatcher.utter_message(text=t(tracker, "evidence.file_rejected", detail=detail))
    known = list(tracker.get_slot("evidence_ids") or [])
    new = [i for i in offered_ids(metadata) if i not in known]
    if not new:
        if not rejected_uploads(metadata):
            dispatcher.utter_message(text=t(tracker, "evidence.no_new_photo"))
        return {"evidence": None}
    token = tracker.get_slot("order_token")
    confirmed = []
    for evidence_id in new:
        try:
            found = await call_service(tracker, service.evidence, token, tracker.sender_id, evidence_id)
        except ServiceUnavailable:
            dispatcher.utter_message(text=t(tracker, "evidence.service_down"))
            break
        except Refused:
            dispatcher.utter_message(text=t(tracker, "evidence.upload_lost"))
            continue
        confirmed.append(found["evidence_id"])
        _confirm(dispatcher, found, len(known) + len(confirmed), language_of(tracker))
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
        dispatcher.utter_message(text=t(tracker, "evidence.after_order"))
        return {slot_name: None}
    confirmed = await confirm_uploads(dispatcher, tracker)
    return {slot_name: None, **({"evidence_ids": confirmed["evidence_ids"]} if "evidence_ids" in confirmed else {})}


def evidence_after_catch_up(preview: dict[str, Any] | None) -> dict[str, Any]:
    """After the policy saw the uploads: done, or ask again for what is still missing."""
    return {"evidence": None if preview is None or missing_evidence(preview) else "provided"}


def _confirm(dispatcher: CollectingDispatcher, found: dict[str, Any], number: int, language: str) -> None:
    video = str(found.get("media_type", "")).startswith("video/")
    hints = " ".join(h["message"] for h in found.get("hints") or [] if isinstance(h.get("message"), str))
    text = t(language, "evidence.received_video" if video else "evidence.received_photo", number=number)
    if hints:
        text = sentences(language, [text, t(language, "evidence.retake", hints=hints)])
    image = found.get("thumbnail_url")
    dispatcher.utter_message(text=text, image=image if isinstance(image, str) and image else None)


def _declined(dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
    """No photos: straight to a person's review, submitted in this turn (nothing left to ask)."""
    preview = tracker.get_slot("preview") or {}
    language = language_of(tracker)
    resolution = _resolution_for_review(tracker, preview)
    if resolution is None:  # nothing the policy offers: the form asks on, so say why a person looks
        why = [e["text"] for e in preview.get("explanations", []) if e.get("rule_id") == "review.evidence_missing"]
        why_text = sentences(language, why) if why else t(language, "evidence.review_instead")
        dispatcher.utter_message(text=t(language, "evidence.declined", why=why_text))
        return {"evidence": "declined"}
    # The return's own answer, right after, says why a person reviews it; this says what was sent.
    if tracker.get_slot("resolution") == resolution:
        text = t(language, "evidence.declined_no_photos")
    else:
        text = t(language, "evidence.declined_sent_as", resolution=resolution_title(resolution, language))
    dispatcher.utter_message(text=text)
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
            dispatcher.utter_message(text=t(tracker, "evidence.none_needed"))
            return []
        rma, contact = tracker.get_slot("rma_number"), tracker.get_slot("contact")
        ids = offered_ids(latest_metadata(tracker))
        if not (rma and contact and ids):
            dispatcher.utter_message(
                text=t(tracker, "evidence.outside_return"),
                buttons=[{"title": t(tracker, "button.return_item"), "payload": "/start_return"}],
            )
            return []
        try:
            await self._add_to_return(dispatcher, tracker, rma, contact, ids)
        except ServiceUnavailable:
            dispatcher.utter_message(text=t(tracker, "evidence.service_down"))
        except Refused as refusal:
            dispatcher.utter_message(text=t(tracker, "evidence.add_failed", rma_number=rma, detail=refusal.detail))
        return []

    async def _add_to_return(self, dispatcher, tracker: Tracker, rma: str, contact: str, ids: list[str]) -> None:
        sender, language = tracker.sender_id, language_of(tracker)
        token = (await call_service(tracker, service.verify, sender, contact, rma_number=rma))["token"]
        confirmed: list[str] = []
        for evidence_id in ids:
            try:
                found = await call_service(tracker, service.evidence, token, sender, evidence_id)
            except Refused:
                dispatcher.utter_message(text=t(language, "evidence.upload_lost"))
                continue
            confirmed.append(found["evidence_id"])
            _confirm(dispatcher, found, len(confirmed), language)
        if not confirmed:
            return
        updated = await call_service(tracker, service.add_return_evidence, token, sender, rma, confirmed)
        if updated["status"] == "pending_review":
            text = t(language, "evidence.added_review", rma_number=rma)
        else:
            steps = (updated.get("instructions") or {}).get("steps") or []
            status = t(language, f"status.{updated['status']}") if has_message(f"status.{updated['status']}") else ""
            text = sentences(language, [t(language, "evidence.added_status", rma_number=rma, status=status), *steps])
        dispatcher.utter_message(text=text)
