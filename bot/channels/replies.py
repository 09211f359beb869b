"""What the channels themselves say, per locale, when a message never reaches the assistant or
the assistant could not answer it.

The assistant's own words live in domain.yml; these are the few a connector sends on its own.
The customer's language is read from what they wrote: Chinese characters mean Chinese.
"""

from __future__ import annotations

import re

LOCALES = ("en", "zh")
DEFAULT_LOCALE = "en"
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

CATALOGUE: dict[str, dict[str, str]] = {
    "en": {
        "too_long": (
            "That message is too long for me: {length} characters. "
            "Please say it in at most {limit} characters, or send it in parts."
        ),
        "assistant_down": (
            "Sorry, I can't answer right now: part of our returns desk is not responding. "
            "Nothing you told me is lost. Please send your message again in a minute."
        ),
    },
    "zh": {
        "too_long": "这条消息太长了（{length} 个字符）。请控制在 {limit} 个字符以内，或分几条发送。",
        "assistant_down": (
            "抱歉，我暂时无法回复：退货服务的一部分没有响应。您已提供的信息不会丢失，请一分钟后再发送一次。"
        ),
    },
}


def locale_of(text: str) -> str:
    """The locale to answer `text` in: zh if it has Chinese characters, else the default."""
    return "zh" if CJK.search(text[:200]) else DEFAULT_LOCALE


def number(value: int, locale: str) -> str:
    """A count as the locale writes it: 2,000 in English; Chinese writes 2000."""
    return f"{value:,}" if locale == "en" else str(value)


def reply(key: str, text: str, **values: int) -> str:
    """The channel's `key` message in the language of the customer's `text`."""
    locale = locale_of(text)
    return CATALOGUE[locale][key].format(**{name: number(value, locale) for name, value in values.items()})
