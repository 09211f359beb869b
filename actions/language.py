"""The conversation's language ("en" or "zh"): kept in the `language` slot, every text rendered in it.

Detection runs here, as the slot's custom mapping (action_detect_language, called by Rasa's
action_extract_slots after every customer message, before the next action is chosen), and not as
an NLU component: the decision needs more than the text. It needs the message's metadata (the
host page's locale, the shop's signed customer context), the language the conversation already
has, and whether the customer asked for a language; an NLU component sees one message's text.
Here it is also plain Python, tested on trackers like every other action.

In order, for each customer message:
1. "English please" / "说中文" (intent switch_language): the language asked for.
2. Chinese characters in the message: Chinese. The customer's own script beats the page's locale.
3. A plain English sentence (six or more words of letters) in a Chinese conversation: English.
   Anything shorter or not made of words - an order number, an email, "ok", "A1005", "my order
   number is A1005", a button's payload - says nothing about the language and changes nothing.
4. Only while the conversation has no language yet: the shop's signed customer context's
   `locale`, else the widget's `metadata.locale` (the page's `data-locale`). A page sends it with
   every message, so it must not undo what the customer chose later.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.catalogue import LANGUAGES, has_chinese, language_or_default, message

from .signed_in import METADATA_KEY

SLOT = "language"
SWITCH_INTENT = "switch_language"
# The widget's key in a message's metadata (bot/widget/public/returndesk-widget.js).
METADATA_LOCALE = "locale"
# Words that name a language, for "can you speak chinese" or "说中文" when the entity is missing
# (Chinese has no spaces, so a whitespace tokenizer cannot cut "中文" out of "说中文").
LANGUAGE_WORDS = {
    "zh": ("chinese", "mandarin", "中文", "汉语", "普通话", "华语", "zh"),
    "en": ("english", "英文", "英语", "en"),
}
# Words that are not an English sentence however many there are: emails, links, numbers.
NOT_WORDS = re.compile(r"\S*[@/\d]\S*")
WORD = re.compile(r"[A-Za-z]{2,}(?:'[a-z]+)?")
ENGLISH_SENTENCE_WORDS = 6


def language_of(tracker: Tracker) -> str:
    return language_or_default(tracker.get_slot(SLOT))


def t(where: Tracker | str, key: str, **values: Any) -> str:
    """The catalogue's sentence `key` in the conversation's language (a tracker) or a language."""
    language = where if isinstance(where, str) else language_of(where)
    return message(language, key, **values)


def normalise(value: Any) -> str | None:
    """ "zh", "Chinese", "中文" -> "zh"; None when the value names neither language."""
    text = str(value or "").strip().lower()
    if text in LANGUAGES:
        return text
    if text.startswith(("zh", "en")) and text[2:3] in ("-", "_"):  # zh-CN, en_GB
        return text[:2]
    return requested_in_words(text)


def requested_in_words(text: str) -> str | None:
    lowered = text.lower()
    words = set(re.findall(r"[a-z]+", lowered))
    found = [
        language
        for language, names in LANGUAGE_WORDS.items()
        if any((name in words) if name.isascii() else (name in lowered) for name in names)
    ]
    return found[0] if len(found) == 1 else None


def requested_language(tracker: Tracker) -> str | None:
    """The language a switch_language message asks for: its entity, else the words in it."""
    for value in tracker.get_latest_entity_values("language"):
        if (language := normalise(value)) is not None:
            return language
    return requested_in_words(tracker.latest_message.get("text") or "")


def written_language(text: str, current: str) -> str | None:
    """What the customer's own writing says: zh, en, or None (nothing to go by)."""
    if text.startswith("/"):  # a button's payload: no language at all
        return None
    if has_chinese(text):
        return "zh"
    if current == "zh" and len(WORD.findall(NOT_WORDS.sub(" ", text))) >= ENGLISH_SENTENCE_WORDS:
        return "en"
    return None


def page_language(metadata: dict[str, Any]) -> str | None:
    """The locale the host page gave: the shop's signed context first, then the widget's."""
    signed = metadata.get(METADATA_KEY)
    if isinstance(signed, dict) and (language := normalise(signed.get(METADATA_LOCALE))):
        return language
    return normalise(metadata.get(METADATA_LOCALE)) if isinstance(metadata.get(METADATA_LOCALE), str) else None


def latest_metadata(tracker: Tracker) -> dict[str, Any]:
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            metadata = event.get("metadata")
            return metadata if isinstance(metadata, dict) else {}
    return {}


def language_decided(tracker: Tracker) -> bool:
    """Whether this session already set a language (the slot's initial "en" is not a choice).

    A restart ("start over") resets every slot, the language too: the page's locale counts again."""
    for event in reversed(tracker.events):
        if event.get("event") in ("session_started", "restart"):
            return False
        if event.get("event") == "slot" and event.get("name") == SLOT:
            return True
    return False


def detect(tracker: Tracker) -> str | None:
    """The conversation's language after the latest message, or None to keep it as it is."""
    asking = (tracker.latest_message.get("intent") or {}).get("name") == SWITCH_INTENT
    if asking and (asked := requested_language(tracker)) is not None:
        return asked
    current = language_of(tracker)
    if (written := written_language(tracker.latest_message.get("text") or "", current)) is not None:
        return written
    if not language_decided(tracker):
        return page_language(latest_metadata(tracker))
    return None


class DetectLanguage(Action):
    """The `language` slot's custom mapping: runs after every customer message."""

    def name(self) -> str:
        return "action_detect_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        language = detect(tracker)
        if language is None or (language == tracker.get_slot(SLOT) and language_decided(tracker)):
            return []
        return [SlotSet(SLOT, language)]


class SwitchLanguage(Action):
    """switch_language: say so in the language now in use (action_detect_language switched it).

    "Switch language" with no language named means the other one."""

    def name(self) -> str:
        return "action_switch_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        events: list[EventType] = []
        language = language_of(tracker)
        if requested_language(tracker) is None:
            language = "en" if language == "zh" else "zh"
            events.append(SlotSet(SLOT, language))
        dispatcher.utter_message(text=message(language, "language.switched"))
        return events
