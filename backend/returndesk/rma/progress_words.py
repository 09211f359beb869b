"""The sentences of a return's progress (progress.py), one catalogue per language with the same
keys and placeholders (tests/rma/test_progress.py fails on a key missing in one of them).

Each sentence is whole; the parts that only exist sometimes (the items that arrived, the date it
was checked, an order reference) are sentences' own variants, never glued-on fragments.
"""

from __future__ import annotations

from datetime import date, datetime

from ..kit.language import spoken_language

CATALOGUE: dict[str, dict[str, str]] = {
    "en": {
        "under_review": "Your return {rma} is waiting for a review by our team.",
        "under_review.next": "We'll tell you the outcome; please keep the item and don't send anything until it "
        "is approved.",
        "rejected": "Your return {rma} was not accepted.",
        "cancelled": "Your return {rma} was cancelled.",
        "waiting.by": "Your return {rma} is approved. We're waiting for your parcel; send it by {day}.",
        "waiting": "Your return {rma} is approved. We're waiting for your parcel; send it when you can.",
        "then_refund": "Once it arrives we check the items and then send your refund.",
        "keeping": "Your return {rma} is approved and you keep the item.",
        "keeping.next": "We'll send your refund of {amount} to your original payment method.",
        "on_its_way": "Your parcel for return {rma} is on its way to us.",
        "received.next.by": "We'll check the items next, then send your refund by {day}.",
        "received.next": "We'll check the items next, then send your refund.",
        "checked.next.by": "We're preparing your refund by {day}.",
        "checked.next": "We're preparing your refund.",
        "closed": "It is closed.",
        "complete": "It is complete.",
        "exchange_sent": "We sent {replacement} on {day}.",
        "exchange_sent.reference": "We sent {replacement} on {day} (order reference {reference}).",
        "pay_difference": "Please pay the price difference of {amount} as we've asked you to.",
        "refund_approval": "Your refund of {amount} is waiting for approval by a manager.",
        "refund_approval.next": "Once approved it goes straight back to your original payment method.",
        "refund_failed": "We couldn't send your refund of {amount} to your original payment method.",
        "refund_failed.next": "Our team will refund it another way and tell you how.",
        "refunded": "Your refund of {amount} was sent on {sent} and paid out on {settled}.",
        "refunded.next": "It should reach your account by {day}, depending on your bank.",
        "refund_sent": "Your refund of {amount} was sent on {day}.",
        "refund_sent.next": "It should reach your account within {days} working days, by {day}.",
        "history.approved": "Your return {rma} is approved.",
        "history.approved_keep": "Your return {rma} is approved; you keep the item.",
        "history.received": "Your return {rma} was received on {received}.",
        "history.received_checked": "Your return {rma} was received on {received} and checked on {checked}.",
        "history.partly": "Your return {rma} was received on {received} ({arrived} of {expected} items arrived).",
        "history.partly_checked": "Your return {rma} was received on {received} ({arrived} of {expected} items "
        "arrived) and checked on {checked}.",
        "replacement.variant": "your replacement {item} in {variant}",
        "replacement.item": "your replacement {item}",
        "replacement": "your replacement",
        "variant.size_colour": "size {size}, {colour}",
        "variant.size": "size {size}",
        "variant.colour": "{colour}",
        "exchange.held.next": "We're holding {replacement} for you; it ships once your parcel has arrived and "
        "been checked.",
        "exchange.review.held": "Meanwhile we're holding {replacement} for you.",
        "exchange.received.next": "We'll check the items next, then ship {replacement}.",
        "exchange.checked.next": "We're preparing {replacement} for shipping.",
        "exchange.keeping.next": "We'll ship {replacement} to you.",
        "exchange.difference.refund": "We'll refund the price difference of {amount} to your original payment "
        "method when it ships.",
        "exchange.difference.customer_pays": "It costs {amount} more; we'll ask you to pay the difference when "
        "it ships.",
        "exchange.difference.waived": "It costs {amount} more, which we cover: there's nothing to pay.",
        "exchange.difference.not_refunded": "It costs {amount} less; under our return policy the difference is "
        "not refunded.",
        "exchange.difference.refunded": "The price difference of {amount} was refunded to your original payment "
        "method on {day}.",
    },
    "zh": {
        "under_review": "您的退货 {rma} 正在等待我们团队审核。",
        "under_review.next": "我们会通知您审核结果；在批准之前请保留商品，不要寄出。",
        "rejected": "您的退货 {rma} 未被受理。",
        "cancelled": "您的退货 {rma} 已取消。",
        "waiting.by": "您的退货 {rma} 已批准，我们正在等待您的包裹；请在 {day} 前寄出。",
        "waiting": "您的退货 {rma} 已批准，我们正在等待您的包裹；方便时请寄出。",
        "then_refund": "包裹到达后我们会检验商品，然后为您退款。",
        "keeping": "您的退货 {rma} 已批准，商品由您保留。",
        "keeping.next": "我们会将 {amount} 退回您的原支付方式。",
        "on_its_way": "退货 {rma} 的包裹正在寄回途中。",
        "received.next.by": "接下来我们会检验商品，并在 {day} 前为您退款。",
        "received.next": "接下来我们会检验商品，然后为您退款。",
        "checked.next.by": "我们正在准备退款，将在 {day} 前退出。",
        "checked.next": "我们正在准备退款。",
        "closed": "该退货已关闭。",
        "complete": "该退货已处理完毕。",
        "exchange_sent": "您的{replacement}已于 {day} 寄出。",
        "exchange_sent.reference": "您的{replacement}已于 {day} 寄出（订单参考号 {reference}）。",
        "pay_difference": "请按我们的通知支付差价 {amount}。",
        "refund_approval": "您的退款 {amount} 正在等待主管审批。",
        "refund_approval.next": "审批通过后将直接退回您的原支付方式。",
        "refund_failed": "您的退款 {amount} 未能退回原支付方式。",
        "refund_failed.next": "我们的团队会通过其他方式为您退款，并告知您具体方式。",
        "refunded": "您的退款 {amount} 已于 {sent} 退出，并于 {settled} 完成支付。",
        "refunded.next": "预计 {day} 前到账，具体以银行为准。",
        "refund_sent": "您的退款 {amount} 已于 {day} 退出。",
        "refund_sent.next": "预计在 {days} 个工作日内到账，即 {day} 前。",
        "history.approved": "您的退货 {rma} 已批准。",
        "history.approved_keep": "您的退货 {rma} 已批准，商品由您保留。",
        "history.received": "您的退货 {rma} 已于 {received} 收到。",
        "history.received_checked": "您的退货 {rma} 已于 {received} 收到，并于 {checked} 检验。",
        "history.partly": "您的退货 {rma} 已于 {received} 收到（{expected} 件中已到 {arrived} 件）。",
        "history.partly_checked": "您的退货 {rma} 已于 {received} 收到（{expected} 件中已到 {arrived} 件），"
        "并于 {checked} 检验。",
        "replacement.variant": "换货商品（{variant}的{item}）",
        "replacement.item": "换货商品（{item}）",
        "replacement": "换货商品",
        "variant.size_colour": "{size}码，{colour}",
        "variant.size": "{size}码",
        "variant.colour": "{colour}",
        "exchange.held.next": "我们已为您预留{replacement}，包裹到达并检验后即寄出。",
        "exchange.review.held": "在此期间我们会为您预留{replacement}。",
        "exchange.received.next": "接下来我们会检验商品，然后寄出{replacement}。",
        "exchange.checked.next": "我们正在准备寄出{replacement}。",
        "exchange.keeping.next": "我们会为您寄出{replacement}。",
        "exchange.difference.refund": "寄出时我们会将差价 {amount} 退回您的原支付方式。",
        "exchange.difference.customer_pays": "新商品贵 {amount}，寄出时我们会请您支付差价。",
        "exchange.difference.waived": "新商品贵 {amount}，差价由我们承担，您无需支付。",
        "exchange.difference.not_refunded": "新商品便宜 {amount}，根据我们的退货政策差价不予退还。",
        "exchange.difference.refunded": "差价 {amount} 已于 {day} 退回您的原支付方式。",
    },
}
# Sentences follow each other with a space in English, with nothing between them in Chinese.
SENTENCE_JOIN = {"en": " ", "zh": ""}


def progress_language(locale: str | None) -> str:
    return spoken_language(locale, CATALOGUE)


def say(language: str, key: str, **values: object) -> str:
    return CATALOGUE[language][key].format(**values)


def joined(language: str, *sentences: str) -> str:
    return SENTENCE_JOIN[language].join(sentences)


def replacement(language: str, item: str, size: str | None, colour: str | None) -> str:
    """ "your replacement T-shirt in size M, White": the replacement named inside a sentence."""
    if size and colour:
        variant = say(language, "variant.size_colour", size=size, colour=colour)
    elif size or colour:
        variant = say(language, "variant.size" if size else "variant.colour", size=size, colour=colour)
    else:
        return say(language, "replacement.item", item=item)
    return say(language, "replacement.variant", item=item, variant=variant)


def day(language: str, value: date | datetime | None) -> str:
    """A date as the reader writes it in a sentence: 26 Nov, 11月26日."""
    if value is None:
        return ""
    return f"{value.month}月{value.day}日" if language == "zh" else f"{value.day} {value:%b}"
