"""Policy questions answered from the service's own policy text, so the bot cannot disagree."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from bot.catalogue import sentences

from .backend_client import ServiceUnavailable, call_service, service
from .language import language_of, t

# Which headings of the policy's human text answer which kind of question, by words in it
# (English and Chinese questions). The headings matched are the English ones: the service gives
# the sections in the same order in every locale, so the same positions are read in the
# conversation's language.
TOPICS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("ship", "postage", "label", "pay for", "cost", "free", "运费", "邮费", "快递费", "面单"), ("shipping",)),
    (("fee", "restock", "deduct", "手续费", "扣"), ("fee", "shipping")),
    (
        ("how long", "days", "window", "late", "still return", "deadline", "weeks", "month", "多久", "几天", "天内"),
        ("window",),
    ),
    (("refund", "money back", "when will", "退款", "退钱"), ("deadline", "settle")),
    (("exchange", "swap", "store credit", "voucher", "换货", "余额"), ("settle",)),
    (("photo", "picture", "proof", "evidence", "照片", "图片", "凭证"), ("photo",)),
    # An opened or used item may be returnable at a price: the conditions, and the fees they bring
    # ("can i return headphones if ive already opened the box?" must hear of the restocking fee).
    (
        ("receipt", "packaging", "tags", "worn", "used", "opened", "open", "sealed", "包装", "吊牌", "拆", "用过"),
        ("condition", "fee"),
    ),
)
# "Can I return this?" with nothing more specific: what cannot be returned, and until when.
GENERAL = (
    ("can't", "cannot", "can i return", "excluded", "sale", "underwear", "food", "digital", "custom", "不能退"),
    ("cannot", "window"),
)
DEFAULT_TOPICS = ("window", "shipping", "cannot")


def topics_asked(question: str) -> tuple[str, ...]:
    """The policy headings that answer the question: those of every kind of question it asks, or
    the general ones when it asks nothing more specific."""
    question = question.lower()
    matched = [topic for words, topics in TOPICS if any(w in question for w in words) for topic in topics]
    if not matched:
        words, topics = GENERAL
        matched = list(topics) if any(w in question for w in words) else list(DEFAULT_TOPICS)
    return tuple(dict.fromkeys(matched))


class AnswerPolicy(Action):
    def name(self) -> str:
        return "action_answer_policy"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        language = language_of(tracker)
        try:
            english = await call_service(tracker, service.policy, "en")
            policy = english if language == "en" else await call_service(tracker, service.policy, language)
        except ServiceUnavailable:
            dispatcher.utter_message(text=t(language, "policy.unavailable"))
            return []
        wanted = topics_asked(tracker.latest_message.get("text") or "")
        headings = english.get("sections", [])
        sections = policy.get("sections", [])
        if len(sections) != len(headings):  # not the same sections after all: read the English ones
            sections = headings
        lines = [
            line
            for heading, section in zip(headings, sections, strict=True)
            if any(topic in heading["heading"].lower() for topic in wanted)
            for line in section["lines"]
        ]
        answer = sentences(language, lines) or t(language, "policy.see_page")
        if tracker.active_loop_name == "return_form":
            dispatcher.utter_message(text=answer)
            dispatcher.utter_message(text=t(language, "policy.back_to_return"))
        else:  # "can I return these?" is often the step before "then I will": one click away
            start_return = [{"title": t(language, "button.start_return"), "payload": "/start_return"}]
            dispatcher.utter_message(text=answer, buttons=start_return)
        return []
