"""What a case tells the customer about what happens next, per language: one catalogue per
locale with the same keys and placeholders (tests/escalation/test_words.py fails on a key missing
in one of them). Whole sentences only; the reader's language comes from `Accept-Language`."""

from __future__ import annotations

from ..kit.language import spoken_language

CATALOGUE: dict[str, dict[str, str]] = {
    "en": {
        "email.away": "Our customer care team is not at the desk right now; they're back {back} and will answer "
        "by email.",
        "email.away_to": "Our customer care team is not at the desk right now; they're back {back} and will answer "
        "by email to {email}.",
        "email.noted": "Noted; they're back {back} and will answer by email.",
        "email.noted_to": "Noted; they're back {back} and will answer by email to {email}.",
        "email.ask_address": "Please tell us the email address we should answer to.",
        "live.joined": "A member of our team has joined and will answer you here.",
        "queue.next": "You're next in the queue; someone usually joins within about {minutes} minutes. You can keep "
        "chatting here or close this window and come back.",
        "queue.number": "You're number {position} in the queue; someone usually joins within about {minutes} minutes. "
        "You can keep chatting here or close this window and come back.",
        "reference": "Your reference is {reference}.",
        "opening.today": "today at {time} ({zone} time)",
        "opening.tomorrow": "tomorrow at {time} ({zone} time)",
        "opening.weekday": "{weekday} at {time} ({zone} time)",
        "weekday.0": "Monday",
        "weekday.1": "Tuesday",
        "weekday.2": "Wednesday",
        "weekday.3": "Thursday",
        "weekday.4": "Friday",
        "weekday.5": "Saturday",
        "weekday.6": "Sunday",
    },
    "zh": {
        "email.away": "我们的客服团队现在不在线；他们将于{back}回来，并通过邮件回复您。",
        "email.away_to": "我们的客服团队现在不在线；他们将于{back}回来，并通过邮件回复您（{email}）。",
        "email.noted": "已记录；客服团队将于{back}回来，并通过邮件回复您。",
        "email.noted_to": "已记录；客服团队将于{back}回来，并通过邮件回复您（{email}）。",
        "email.ask_address": "请告诉我们用于回复您的邮箱地址。",
        "live.joined": "我们的客服人员已加入，将在这里回复您。",
        "queue.next": "您排在队列的第一位，通常约{minutes}分钟内会有客服人员接入。您可以继续在这里聊天，"
        "也可以关闭此窗口，稍后再回来。",
        "queue.number": "您在队列中排第{position}位，通常约{minutes}分钟内会有客服人员接入。您可以继续在这里聊天，"
        "也可以关闭此窗口，稍后再回来。",
        "reference": "您的参考编号是 {reference}。",
        "opening.today": "今天{time}（{zone}时间）",
        "opening.tomorrow": "明天{time}（{zone}时间）",
        "opening.weekday": "{weekday}{time}（{zone}时间）",
        "weekday.0": "周一",
        "weekday.1": "周二",
        "weekday.2": "周三",
        "weekday.3": "周四",
        "weekday.4": "周五",
        "weekday.5": "周六",
        "weekday.6": "周日",
    },
}

# How whole sentences follow each other: a space in English, nothing after a Chinese full stop.
_SENTENCE_GAP = {"en": " ", "zh": ""}


def case_locale(locale: str | None) -> str:
    """ "zh-CN", "zh" -> "zh"; any language without words here -> English."""
    return spoken_language(locale, CATALOGUE)


def say(locale: str | None, key: str, **values: object) -> str:
    return CATALOGUE[case_locale(locale)][key].format(**values)


def sentences(locale: str | None, parts: list[str]) -> str:
    return _SENTENCE_GAP[case_locale(locale)].join(part for part in parts if part)
