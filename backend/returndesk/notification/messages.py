"""What each notification says, per event and locale: a subject, the email's paragraphs and one
short text for chat and SMS.

The words live here and the layout in templates/notification/<locale>/email.{html,txt}, so a new
event is one entry per locale. Placeholders are filled from the outbox row's data; one that is
missing renders as empty rather than failing a send hours after the change it announces.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..kit.language import DEFAULT_LOCALE, spoken_language


@dataclass(frozen=True)
class Extra:
    """Words shown only when the row's data has `needs`: an approval's label link is one, and a
    return whose items are all kept has no label, so no "Your label: " with nothing after it."""

    needs: str
    paragraph: str
    short: str


@dataclass(frozen=True)
class Copy:
    subject: str
    paragraphs: tuple[str, ...]
    short: str  # chat and SMS
    extras: tuple[Extra, ...] = ()


LOCALES = ("en", "zh")

CATALOGUE: dict[str, dict[str, Copy]] = {
    "en": {
        "approved": Copy(
            "Your return {rma_number} is approved",
            (
                "Good news, {customer_name}: your return {rma_number} for order {order_number} is approved.",
                "Please send the items back by {return_by}. We expect to refund {refund_amount} once they arrive.",
            ),
            "Your return {rma_number} is approved. Please send the items back by {return_by}.",
            (
                Extra(
                    "label_url",
                    "Your return label: {label_url} Print it and stick it on the parcel.",
                    "Label: {label_url}",
                ),
            ),
        ),
        "label_ready": Copy(
            "Your return label for {rma_number}",
            (
                "Your return label for {rma_number} is ready: {label_url}",
                "Print it, stick it on the parcel and hand it in by {return_by}.",
            ),
            "Your return label for {rma_number} is ready: {label_url}",
        ),
        "in_transit": Copy(
            "Your return {rma_number} is on its way",
            (
                "The carrier has your parcel for return {rma_number} (tracking number {tracking_number}).",
                "We'll tell you when it arrives at our warehouse.",
            ),
            "The carrier has your parcel for return {rma_number} (tracking {tracking_number}); it is on its way to us.",
        ),
        "received": Copy(
            "We received your return {rma_number}",
            (
                "Your parcel for return {rma_number} has arrived at our warehouse.",
                "We will check the items next and tell you the outcome.",
            ),
            "We received your return {rma_number} and will check the items next.",
        ),
        "inspected": Copy(
            "We checked the items of your return {rma_number}",
            (
                "We have checked the items of your return {rma_number}.",
                "Next we settle it: {next_step}",
            ),
            "We checked the items of your return {rma_number}. Next: {next_step}",
        ),
        "refunded": Copy(
            "Your refund of {refund_amount} for {rma_number}",
            (
                "We have refunded {refund_amount} for return {rma_number} to your original payment method.",
                "Depending on your bank it can take a few days to show on your statement.",
            ),
            "We refunded {refund_amount} for return {rma_number} to your original payment method.",
        ),
        "exchange_shipped": Copy(
            "Your replacement for {rma_number} is on its way",
            (
                "The replacement for your return {rma_number} has been shipped.",
                "Tracking number: {tracking_number}",
            ),
            "Your replacement for {rma_number} is on its way (tracking {tracking_number}).",
        ),
        "needs_information": Copy(
            "We need a little more for your return {rma_number}",
            (
                "To go on with your return {rma_number} we need: {missing}",
                "Reply in the chat or to this email and we will continue straight away.",
            ),
            "To go on with your return {rma_number} we need: {missing}",
        ),
        "rejected": Copy(
            "About your return {rma_number}",
            (
                "We are sorry, {customer_name}: we cannot accept your return {rma_number} for order {order_number}.",
                "{reason}",
                "If you think this is wrong, reply to this email or ask for a person in the chat.",
            ),
            "We cannot accept your return {rma_number}. {reason}",
        ),
    },
    "zh": {
        "approved": Copy(
            "您的退货 {rma_number} 已获批准",
            (
                "{customer_name}，您好：您订单 {order_number} 的退货 {rma_number} 已获批准。",
                "请在 {return_by} 之前寄回商品。收到后我们预计退款 {refund_amount}。",
            ),
            "您的退货 {rma_number} 已获批准，请在 {return_by} 之前寄回商品。",
            (Extra("label_url", "您的退货标签：{label_url} 请打印后贴在包裹上。", "退货标签：{label_url}"),),
        ),
        "label_ready": Copy(
            "退货 {rma_number} 的退货标签",
            (
                "退货 {rma_number} 的退货标签已准备好：{label_url}",
                "请打印后贴在包裹上，并在 {return_by} 之前寄出。",
            ),
            "退货 {rma_number} 的退货标签已准备好：{label_url}",
        ),
        "in_transit": Copy(
            "您的退货 {rma_number} 正在寄回途中",
            (
                "快递公司已揽收您退货 {rma_number} 的包裹（运单号 {tracking_number}）。",
                "包裹到达我们的仓库后，我们会通知您。",
            ),
            "快递公司已揽收您退货 {rma_number} 的包裹（运单号 {tracking_number}），正在寄回途中。",
        ),
        "received": Copy(
            "我们已收到您的退货 {rma_number}",
            ("您退货 {rma_number} 的包裹已到达我们的仓库。", "我们接下来会检查商品并告知结果。"),
            "我们已收到您的退货 {rma_number}，接下来会检查商品。",
        ),
        "inspected": Copy(
            "您的退货 {rma_number} 已检查完毕",
            ("我们已检查您退货 {rma_number} 的商品。", "下一步：{next_step}"),
            "您的退货 {rma_number} 已检查完毕。下一步：{next_step}",
        ),
        "refunded": Copy(
            "退货 {rma_number} 已退款 {refund_amount}",
            (
                "我们已将退货 {rma_number} 的 {refund_amount} 退回您的原支付方式。",
                "视银行而定，可能需要几天才会显示在您的账单上。",
            ),
            "我们已将退货 {rma_number} 的 {refund_amount} 退回您的原支付方式。",
        ),
        "exchange_shipped": Copy(
            "退货 {rma_number} 的换货已发出",
            ("您退货 {rma_number} 的换货商品已发出。", "快递单号：{tracking_number}"),
            "您退货 {rma_number} 的换货已发出（快递单号 {tracking_number}）。",
        ),
        "needs_information": Copy(
            "您的退货 {rma_number} 还需要一些信息",
            ("为继续处理您的退货 {rma_number}，我们需要：{missing}", "请在聊天中或回复此邮件，我们会立即继续处理。"),
            "为继续处理您的退货 {rma_number}，我们需要：{missing}",
        ),
        "rejected": Copy(
            "关于您的退货 {rma_number}",
            (
                "{customer_name}，很抱歉：我们无法接受您订单 {order_number} 的退货 {rma_number}。",
                "{reason}",
                "如您认为有误，请回复此邮件或在聊天中联系客服。",
            ),
            "我们无法接受您的退货 {rma_number}。{reason}",
        ),
    },
}

EVENTS = frozenset(CATALOGUE[DEFAULT_LOCALE])


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""


def pick_locale(locale: str | None) -> str:
    """ "zh-CN" and "zh" read Chinese; anything we have no words for reads English."""
    return spoken_language(locale, CATALOGUE)


@dataclass(frozen=True)
class Rendered:
    subject: str
    paragraphs: tuple[str, ...]
    short: str


def render(event: str, locale: str, data: dict[str, Any]) -> Rendered:
    copy = CATALOGUE[pick_locale(locale)][event]
    values = _Blank({k: v for k, v in data.items() if v is not None})
    extras = [extra for extra in copy.extras if values.get(extra.needs)]
    texts = (*copy.paragraphs, *(extra.paragraph for extra in extras))
    paragraphs = tuple(p for p in (text.format_map(values).strip() for text in texts) if p)
    short = " ".join((copy.short, *(extra.short for extra in extras)))
    return Rendered(copy.subject.format_map(values), paragraphs, " ".join(short.format_map(values).split()))
