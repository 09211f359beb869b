"""The names the dashboard shows for the codes in the analytics answers, per language.

Reasons and resolutions are titled by the service's vocabulary (vocabulary/words.py), as the
customer picked them; the rest are the dashboard's own words: the return form's steps (where a
chat stopped), the findings' rules, subjects and teams, the cycle-time stages and the policy's
categories. One catalogue per language with the same keys (tests/analytics/test_names.py).
A category the policy does not declare (a shop's own, pushed with its orders) gets its code
written as words: it is the shop's word already.
"""

from __future__ import annotations

from typing import Any

from ..kit.language import DEFAULT_LOCALE
from ..policy.reasons import REASON_CODES
from ..policy.rules import RESOLUTION_KINDS
from ..vocabulary.words import title, vocabulary_locale

KINDS = ("step", "rule", "subject", "team", "stage", "category")

CATALOGUE: dict[str, dict[str, dict[str, str]]] = {
    "en": {
        # The return form's questions (domain.yml's requested slots), and "start": before the first.
        "step": {
            "start": "Before the first question",
            "order_number": "Order number",
            "contact": "Email or phone",
            "line_no": "Which item",
            "quantity": "How many",
            "reason": "Reason",
            "question_answer": "The policy's question",
            "evidence": "Photos",
            "offer_answer": "Keep-item offer",
            "resolution": "Refund, exchange or credit",
            "exchange_variant": "Size or colour to exchange for",
            "confirmed": "Confirming the return",
            "lookup": "Which return to look up",
        },
        "rule": {
            "sku_return_rate_above_category": "Product returned far more than its category",
            "size_reasons_dominate_category": "Size is the main reason in a category",
            "not_as_described_rising": '"Not as described" is rising',
            "transit_damage_concentrated": "Damage in transit gathers at one carrier or warehouse",
            "abnormal_customer_returns": "A customer returns unusually much",
        },
        "subject": {
            "sku": "Product",
            "category": "Category",
            "carrier": "Carrier",
            "warehouse": "Warehouse",
            "customer": "Customer",
        },
        "team": {
            "product": "Product",
            "operations": "Operations",
            "marketing": "Marketing",
            "logistics": "Logistics",
            "risk": "Risk",
        },
        "stage": {
            "request_to_approval": "Request → approval",
            "approval_to_receipt": "Approval → receipt",
            "receipt_to_refund": "Receipt → refund",
        },
        "category": {
            "apparel": "Apparel",
            "shoes": "Shoes",
            "electronics": "Electronics",
            "beauty": "Beauty",
            "perishable_food": "Fresh food",
            "digital": "Digital goods",
            "made_to_order": "Made to order",
            "home": "Home",
            "periodicals": "Newspapers and magazines",
        },
    },
    "zh": {
        "step": {
            "start": "提问之前",
            "order_number": "订单号",
            "contact": "邮箱或电话",
            "line_no": "哪件商品",
            "quantity": "数量",
            "reason": "退货原因",
            "question_answer": "政策提问",
            "evidence": "照片",
            "offer_answer": "保留商品优惠",
            "resolution": "退款、换货或余额",
            "exchange_variant": "换货的尺码或颜色",
            "confirmed": "确认退货",
            "lookup": "查询哪个退货",
        },
        "rule": {
            "sku_return_rate_above_category": "商品退货率远高于其类别",
            "size_reasons_dominate_category": "尺码是某类别的主要退货原因",
            "not_as_described_rising": "“与描述不符”正在增加",
            "transit_damage_concentrated": "运输损坏集中在某个承运商或仓库",
            "abnormal_customer_returns": "某位顾客退货异常多",
        },
        "subject": {
            "sku": "商品",
            "category": "类别",
            "carrier": "承运商",
            "warehouse": "仓库",
            "customer": "顾客",
        },
        "team": {
            "product": "产品",
            "operations": "运营",
            "marketing": "市场",
            "logistics": "物流",
            "risk": "风控",
        },
        "stage": {
            "request_to_approval": "申请 → 批准",
            "approval_to_receipt": "批准 → 收货",
            "receipt_to_refund": "收货 → 退款",
        },
        "category": {
            "apparel": "服装",
            "shoes": "鞋履",
            "electronics": "电子产品",
            "beauty": "美妆",
            "perishable_food": "生鲜食品",
            "digital": "数字商品",
            "made_to_order": "定制商品",
            "home": "家居",
            "periodicals": "报刊杂志",
        },
    },
}


def as_words(code: str) -> str:
    """A shop's own code as words: "garden_tools" -> "Garden tools"."""
    words = code.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def names(locale: str, categories: tuple[str, ...] = ()) -> dict[str, Any]:
    """Every name the dashboard needs in `locale` (English for a language without names)."""
    language = vocabulary_locale(locale)
    words = CATALOGUE.get(language, CATALOGUE[DEFAULT_LOCALE])
    body: dict[str, Any] = {"language": language}
    body["reason"] = {code: title(language, "reason", code) for code in REASON_CODES}
    body["resolution"] = {code: title(language, "resolution", code) for code in RESOLUTION_KINDS}
    body |= {kind: dict(words[kind]) for kind in KINDS}
    for category in categories:
        body["category"].setdefault(category, as_words(category))
    return body


def category_in_sentence(code: str) -> str:
    """A category as the findings' English sentences name it: "perishable_food" -> "fresh food"."""
    named = CATALOGUE[DEFAULT_LOCALE]["category"].get(code) or as_words(code)
    return named.lower()
