"""Domain responses in the conversation's language: endpoints.yml `nlg: type: bot.nlg.CatalogueNLG`.

domain.yml's responses hold catalogue keys, not text (`text: "utter_greet"`, a button titled
"button.return_item"). Rasa picks the response as usual (channel, conditions), then this renders
its text and button titles from locales/<language>/assistant.po in the `language` slot's
language, so an `utter_*` said by a rule, a form or an action (`response=`) reads the same way.
"""

from __future__ import annotations

from typing import Any

from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from .catalogue import has_message, language_or_default, placeholders, template

LANGUAGE_SLOT = "language"


class CatalogueNLG(TemplatedNaturalLanguageGenerator):
    def __init__(self, endpoint_config: EndpointConfig | None = None, domain: Domain | None = None) -> None:
        super().__init__((domain or Domain.empty()).responses)

    async def generate(
        self, utter_action: str, tracker: DialogueStateTracker, output_channel: str, **kwargs: Any
    ) -> dict[str, Any] | None:
        response = await super().generate(utter_action, tracker, output_channel, **kwargs)
        if response is None:
            return None
        language = language_or_default(tracker.get_slot(LANGUAGE_SLOT))
        return render(response, language, {**tracker.current_slot_values(), **kwargs})


def render(response: dict[str, Any], language: str, values: dict[str, Any]) -> dict[str, Any]:
    """The response with its keyed text and button titles in `language`; other fields as they are."""
    rendered = dict(response)
    if isinstance(rendered.get("text"), str):
        rendered["text"] = _text(rendered["text"], language, values)
    if isinstance(rendered.get("buttons"), list):
        rendered["buttons"] = [
            {**button, "title": _text(button["title"], language, values)}
            if isinstance(button, dict) and isinstance(button.get("title"), str)
            else button
            for button in rendered["buttons"]
        ]
    return rendered


def _text(key: str, language: str, values: dict[str, Any]) -> str:
    # A response may still carry plain text (Rasa's own defaults): it is kept as it is.
    if not has_message(key):
        return key
    found = template(language, key)
    return found.format(**{name: "" if values.get(name) is None else values[name] for name in placeholders(found)})
