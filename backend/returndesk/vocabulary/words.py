"""The titles of the reason codes and resolutions, per language: what a customer picks from
(the chat's buttons) and reads back; the words that name a reason in free text; and which
reasons the form offers as buttons. One catalogue per locale with the same keys
(tests/vocabulary/test_words.py fails on a code without a title or a words entry in one of them).

The codes themselves are the policy's: `policy/reasons.py` and `policy/rules.py`. A new code
gets its titles here, in every language, and a reason its words (maybe none) and perhaps a button."""

from __future__ import annotations

from ..kit.language import DEFAULT_LOCALE, spoken_language

CATALOGUE: dict[str, dict[str, str]] = {
    "en": {
        "reason.size_too_small": "Too small",
        "reason.size_too_large": "Too large",
        "reason.damaged_in_transit": "Arrived damaged",
        "reason.defective": "Faulty / doesn't work",
        "reason.not_as_described": "Not as described",
        "reason.wrong_item": "Wrong item sent",
        "reason.missing_parts": "Parts missing",
        "reason.changed_mind": "Changed my mind",
        "reason.better_price_found": "Found a better price",
        "reason.arrived_late": "Arrived too late",
        "reason.other": "Something else",
        "resolution.refund": "Refund",
        "resolution.exchange": "Exchange",
        "resolution.store_credit": "Store credit",
    },
    "zh": {
        "reason.size_too_small": "尺码偏小",
        "reason.size_too_large": "尺码偏大",
        "reason.damaged_in_transit": "运输中损坏",
        "reason.defective": "质量问题 / 无法使用",
        "reason.not_as_described": "与描述不符",
        "reason.wrong_item": "发错货了",
        "reason.missing_parts": "缺少配件",
        "reason.changed_mind": "不想要了",
        "reason.better_price_found": "找到更便宜的",
        "reason.arrived_late": "送达太晚",
        "reason.other": "其他原因",
        "resolution.refund": "退款",
        "resolution.exchange": "换货",
        "resolution.store_credit": "店铺余额",
    },
}


# The words that name a reason in free text, per language, for when the chat's model found no
# reason entity (the actions' fallback: GET /api/v1/vocabulary serves them). Lower-case, matched
# inside the message. Each dict's order is its precedence: a word that overlaps the words of a
# reason before it is that reason's ("arrived broken" is damage on the way, not a defect; "摔坏了"
# too), so the more specific faults come first. Every reason is a key in every language; one
# named only by its title (`other`) has no words.
REASON_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "wrong_item": ("wrong item", "wrong size sent", "wrong colour", "wrong color", "not what i ordered", "sent me"),
        "missing_parts": ("missing", "incomplete", "not included"),
        "damaged_in_transit": (
            "arrived broken",
            "arrived damaged",
            "crushed",
            "damaged in",
            "smashed",
            "dented",
            # perishables: "the cheese arrived spoiled" is damage on the way, the policy's exception
            "spoiled",
            "spoilt",
            "rotten",
            "mouldy",
            "moldy",
            "gone off",
        ),
        "defective": (
            "defect",
            "faulty",
            "broke",
            "broken",
            "doesn't work",
            "does not work",
            "stopped working",
            "came off",
            "fell apart",
            "ripped",
            "torn",
            "tear",
            "leak",
            "not working",
            "dead",
        ),
        # Never "photo" alone: "I'm not sending you photos" says nothing about the item.
        "not_as_described": (
            "not as described",
            "different from",
            "doesn't look like",
            "like the photo",
            "like the picture",
            "than the photo",
            "than the picture",
            "in the photo",
            "in the picture",
        ),
        # "to big": shoppers type "to" for "too" as often as not.
        "size_too_small": (
            "too small",
            "too tight",
            "too short",
            "runs small",
            "smaller",
            "to small",
            "to tight",
            "to short",
        ),
        "size_too_large": (
            "too big",
            "too large",
            "too loose",
            "too long",
            "runs large",
            "bigger",
            "to big",
            "to large",
            "to loose",
            "to long",
        ),
        "arrived_late": ("too late", "arrived late", "came late", "late delivery"),
        "better_price_found": ("cheaper", "better price", "lower price"),
        "changed_mind": (
            "changed my mind",
            "change of mind",
            "don't need",
            "do not need",
            "don't want",
            "don't like",
            "not needed",
            "no longer",
        ),
        "other": (),
    },
    "zh": {
        "wrong_item": ("发错", "错发", "寄错", "不是我买的", "不是我订的"),
        "missing_parts": ("少件", "缺件", "漏发", "少了", "缺少", "少配件", "缺配件"),
        "damaged_in_transit": ("破损", "压坏", "摔坏", "碎了", "压扁", "变质", "坏掉的", "烂了"),
        "defective": ("质量问题", "坏了", "不能用", "用不了", "故障", "开不了机", "不工作", "有瑕疵", "开线", "掉色"),
        "not_as_described": (
            "与描述不符",
            "和描述不符",
            "描述不符",
            "货不对板",
            "色差",
            "和图片不一样",
            "跟图片不一样",
        ),
        "size_too_small": ("太小", "偏小", "小了", "太紧", "紧了", "小一码"),
        "size_too_large": ("太大", "偏大", "大了", "太松", "松了", "大一码"),
        "arrived_late": ("太晚", "迟到", "到得晚", "来晚了", "送晚了"),
        "better_price_found": ("更便宜", "降价", "便宜了", "差价"),
        "changed_mind": ("不想要", "不要了", "不喜欢", "七天无理由", "7天无理由", "无理由", "改变主意", "不需要了"),
        "other": (),
    },
}

# The reasons a returns form offers as buttons, in order; the others are typed or said.
COMMON_REASONS: tuple[str, ...] = (
    "size_too_small",
    "size_too_large",
    "defective",
    "damaged_in_transit",
    "wrong_item",
    "not_as_described",
    "changed_mind",
    "other",
)


def vocabulary_locale(locale: str | None) -> str:
    """ "zh-CN", "zh_TW", "zh" -> "zh"; a language without titles here -> English."""
    return spoken_language(locale, CATALOGUE)


def title(locale: str, kind: str, code: str) -> str:
    """The title of `kind` ("reason", "resolution") `code` in the locale, else in English."""
    key = f"{kind}.{code}"
    return CATALOGUE[vocabulary_locale(locale)].get(key) or CATALOGUE[DEFAULT_LOCALE][key]
