"""What the label says, per language: one catalogue per locale with the same keys
(tests/label/test_words.py fails on a key missing in one of them)."""

from __future__ import annotations

from ..kit.language import spoken_language

CATALOGUE: dict[str, dict[str, str]] = {
    "en": {
        "title": "Return label {rma}",
        "heading": "RETURN",
        "parcel_of": "Parcel {index} of {total}",
        "ship_to": "SHIP TO",
        "from": "FROM",
        "sender": "{name}, order {order}",
        "carrier": "{carrier} · tracking {tracking}",
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
        # The return's instructions (GET /returns/{rma}): what the customer does, step by step.
        "steps.review_keep": "Keep the item for now: a member of our team will review return {rma} and tell you "
        "the outcome.",
        "steps.review_wait": "Please don't send anything until the return is approved.",
        "steps.send": "Pack the item(s) securely, write {rma} clearly on the parcel and send it to: {address}.",
        "steps.send_parcel": "Parcel {index} of {total} ({lines}): Pack the item(s) securely, write {rma} clearly "
        "on the parcel and send it to: {address}.",
        "steps.print": "Print the return label and stick it on the parcel.",
        "steps.print_parcels": "Print the return label (one page per parcel) and stick it on the parcel.",
        "steps.ways": "Ways to hand it over: {ways}.",
        "steps.keep": "Keep {lines}: you do not need to send it back.",
        "steps.keep_because": "Keep {lines}: {instructions}",
        "steps.hand_over_by": "Hand the parcel over by {date}.",
        "steps.shipping_paid": "Return shipping is at your cost.",
        "steps.shipping_free": "Return shipping is free for you.",
        "steps.line": "line {numbers}",
        "steps.lines": "lines {numbers}",
        "how.mail": "Post the parcel with the printed label.",
        "how.mail_at": "Post the parcel with the printed label: {where}.",
        "how.drop_off": "Hand the parcel in with the printed label at a drop-off point.",
        "how.drop_off_at": "Hand the parcel in with the printed label at a drop-off point: {where}.",
        "how.in_store": "Bring the item to a store.",
        "how.in_store_at": "Bring the item to a store: {where}.",
    },
    "zh": {
        "title": "退货面单 {rma}",
        "heading": "退货",
        "parcel_of": "第{index}件，共{total}件",
        "ship_to": "寄往",
        "from": "寄件人",
        "sender": "{name}，订单{order}",
        "carrier": "{carrier} · 运单号 {tracking}",
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
        "steps.review_keep": "请先保留商品：我们的工作人员会审核退货 {rma}，并告诉您结果。",
        "steps.review_wait": "退货获批之前，请不要寄出任何东西。",
        "steps.send": "请将商品包装好，在包裹上清楚写明 {rma}，寄往：{address}。",
        "steps.send_parcel": "第{index}件包裹，共{total}件（{lines}）：请将商品包装好，在包裹上清楚写明 {rma}，"
        "寄往：{address}。",
        "steps.print": "请打印退货面单并贴在包裹上。",
        "steps.print_parcels": "请打印退货面单（每个包裹一页）并贴在包裹上。",
        "steps.ways": "交寄方式：{ways}。",
        "steps.keep": "{lines}请您保留：无需寄回。",
        "steps.keep_because": "{lines}请您保留：{instructions}",
        "steps.hand_over_by": "请在{date}之前交寄包裹。",
        "steps.shipping_paid": "退货运费由您承担。",
        "steps.shipping_free": "退货运费由我们承担。",
        "steps.line": "第{numbers}行",
        "steps.lines": "第{numbers}行",
        "how.mail": "贴好打印的面单后邮寄包裹。",
        "how.mail_at": "贴好打印的面单后邮寄包裹：{where}。",
        "how.drop_off": "贴好打印的面单后送到快递网点。",
        "how.drop_off_at": "贴好打印的面单后送到快递网点：{where}。",
        "how.in_store": "将商品带到门店。",
        "how.in_store_at": "将商品带到门店：{where}。",
    },
}


def label_locale(locale: str | None) -> str:
    """The return's locale ("zh-CN", "en", ...) as one the label speaks; others get English."""
    return spoken_language(locale, CATALOGUE)


def say(locale: str, key: str, **values: object) -> str:
    return CATALOGUE[locale][key].format(**values)


# How the parts of a list are joined: "1, 2" and "a; b" in English, "1、2" and "a；b" in Chinese.
LIST_SEPARATOR = {"en": ", ", "zh": "、"}
CHOICE_SEPARATOR = {"en": "; ", "zh": "；"}
