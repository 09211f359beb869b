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
        "exchange_sent": "Your replacement {sku} was sent on {day}.",
        "exchange_sent.reference": "Your replacement {sku} was sent on {day} (order reference {reference}).",
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
        "exchange_sent": "您的换货商品 {sku} 已于 {day} 寄出。",
        "exchange_sent.reference": "您的换货商品 {sku} 已于 {day} 寄出（订单参考号 {reference}）。",
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


def day(language: str, value: date | datetime | None) -> str:
    """A date as the reader writes it in a sentence: 26 Nov, 11月26日."""
    if value is None:
        return ""
    return f"{value.month}月{value.day}日" if language == "zh" else f"{value.day} {value:%b}"
