"""What the label says, per language: one catalogue per locale with the same keys
(tests/label/test_words.py fails on a key missing in one of them)."""

from __future__ import annotations

from datetime import date

DEFAULT_LOCALE = "en"

CATALOGUE: dict[str, dict[str, str]] = {
    "en": {
        "title": "Return label {rma}",
        "heading": "RETURN",
        "parcel_of": "Parcel {index} of {total}",
        "ship_to": "SHIP TO",
        "from": "FROM",
        "sender": "{name}, order {order}",
        "return_by": "Return by: {date}",
        "no_deadline": "no deadline",
        "hand_over_first": "Hand over {way}",
        "hand_over_or": "or {way}",
        "method.mail": "by mail",
        "method.drop_off": "at a drop-off point",
        "method.in_store": "in store",
        "pack": "PACK IN THIS PARCEL",
        "line": "{quantity} x {name} ({sku}, line {line_no})",
        "more_lines": "... and {count} more line(s); see your return in the chat",
        "footer": "Write {rma} on the parcel if the label cannot be stuck on.",
    },
    "zh": {
        "title": "退货面单 {rma}",
        "heading": "退货",
        "parcel_of": "第{index}件，共{total}件",
        "ship_to": "寄往",
        "from": "寄件人",
        "sender": "{name}，订单{order}",
        "return_by": "寄回截止：{date}",
        "no_deadline": "无截止日期",
        "hand_over_first": "交寄方式：{way}",
        "hand_over_or": "或{way}",
        "method.mail": "邮寄",
        "method.drop_off": "送到快递网点",
        "method.in_store": "到门店退货",
        "pack": "本包裹内的商品",
        "line": "{quantity} × {name}（{sku}，第{line_no}行）",
        "more_lines": "……另有{count}行，详见聊天中的退货信息",
        "footer": "如果面单无法粘贴，请在包裹上写明 {rma}。",
    },
}


def label_locale(locale: str | None) -> str:
    """The return's locale ("zh-CN", "en", ...) as one the label speaks; others get English."""
    language = (locale or DEFAULT_LOCALE).replace("_", "-").split("-")[0].lower()
    return language if language in CATALOGUE else DEFAULT_LOCALE


def say(locale: str, key: str, **values: object) -> str:
    return CATALOGUE[locale][key].format(**values)


def day(locale: str, value: date) -> str:
    """A date as the reader writes it: 2026-12-11, 2026年12月11日."""
    if locale == "zh":
        return f"{value.year}年{value.month}月{value.day}日"
    return value.isoformat()
