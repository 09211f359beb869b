"""What the channels themselves say, per locale, when a message never reaches the assistant or
the assistant could not answer it.

The words are the assistant's message catalogue's `channel.<key>` (bot/catalogue.py). A message
that never reached the assistant has no conversation language to go by, so the customer's
language is read from what they wrote: Chinese characters mean Chinese.
"""

from __future__ import annotations

from .. import catalogue

LOCALES = catalogue.LANGUAGES
DEFAULT_LOCALE = catalogue.DEFAULT_LANGUAGE


def locale_of(text: str) -> str:
    """The locale to answer `text` in: zh if it has Chinese characters, else the default."""
    return "zh" if catalogue.has_chinese(text[:200]) else DEFAULT_LOCALE


def number(value: int, locale: str) -> str:
    """A count as the locale writes it: 2,000 in English; Chinese writes 2000."""
    return f"{value:,}" if locale == "en" else str(value)


def reply(key: str, text: str, **values: int) -> str:
    """The channel's `key` message in the language of the customer's `text`."""
    locale = locale_of(text)
    return catalogue.message(
        locale, f"channel.{key}", **{name: number(value, locale) for name, value in values.items()}
    )
