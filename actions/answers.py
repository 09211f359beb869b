"""Free text read as the answer to the question the form just asked, in English and Chinese.

Pure text in, an answer or None out: None means "this does not clearly answer it", and then the
message is read as whatever the NLU says it is. Nothing here guesses: "yes its still sealed"
is a yes, "sealed" alone is not, and "no refund, an exchange" names two options, so neither.
The form's validator decides when to ask these (actions/in_context.py).
"""

from __future__ import annotations

import re
from typing import Any

from bot import catalogue

from .items import match_item
from .texts import (
    REASON_CODES,
    RESOLUTION_CODES,
    codes_named,
    parse_quantity,
    reason_from_text,
    reason_from_title,
    reason_words,
    reasons_in_text,
    resolution_from_title,
)

# --- yes or no --------------------------------------------------------------------------------
# The opening words of an English answer, longest first when read. None: it opens like a yes or
# a no but says neither ("no idea", "not sure"), so nothing is decided.
ENGLISH_YES_NO: dict[str, bool | None] = {
    **dict.fromkeys(
        (
            "yes",
            "yeah",
            "yeh",
            "yep",
            "yup",
            "yea",
            "ya",
            "sure",
            "ok",
            "okay",
            "of course",
            "correct",
            "right",
            "that's right",
            "thats right",
            "absolutely",
            "definitely",
            "indeed",
            "go ahead",
            "please do",
            "do it",
            "alright",
            "all right",
            "affirmative",
            "no problem",
            "no worries",
        ),
        True,
    ),
    **dict.fromkeys(
        (
            "no",
            "nope",
            "nah",
            "not really",
            "not at all",
            "no thanks",
            "no thank you",
            "negative",
            "don't",
            "dont",
            "do not",
        ),
        False,
    ),
    **dict.fromkeys(
        ("no idea", "not sure", "dunno", "don't know", "dont know", "i don't know", "maybe", "perhaps"), None
    ),
}
# Words before the answer that say nothing ("um, yes", "well no").
ENGLISH_FILLERS = ("um", "umm", "uh", "uhm", "erm", "er", "well", "oh", "hmm", "hm", "ah", "so")
# Chinese answers are read by whole clauses: every piece of the first clause must be one of these
# (or a particle), so "是的" and "好的好的" are a yes, "不用了" a no, while "没拆过" ("never opened")
# or "是不是" (a question) are not decided here.
CHINESE_YES_NO: dict[str, bool] = {
    **dict.fromkeys(
        (
            "是",
            "是的",
            "对",
            "对的",
            "没错",
            "嗯",
            "恩",
            "好",
            "好的",
            "可以",
            "行",
            "确认",
            "确定",
            "要",
            "需要",
            "当然",
            "没问题",
            "同意",
            "接受",
        ),
        True,
    ),
    **dict.fromkeys(
        ("不", "不是", "不对", "没有", "没", "不用", "不要", "不需要", "算了", "否", "不行", "不可以", "不同意"),
        False,
    ),
}
# The Chinese answers that decide even with more words after them, longest first.
CHINESE_OPENING_ANSWERS: dict[str, bool] = {
    **dict.fromkeys(("没问题", "是的", "对的", "没错", "好的", "可以", "当然", "确认", "确定", "同意"), True),
    **dict.fromkeys(("不需要", "不可以", "不是", "不对", "不用", "不要", "算了", "不行"), False),
}
# Sentence-final particles that change nothing: "是啊", "不用了", "好吧". Never 吗 (a question).
CHINESE_PARTICLES = "了啊呀的哦噢吧呢嘛哈啦滴呐"
CHINESE_OPENERS = ("亲", "额", "呃", "那个")
CLAUSE_END = re.compile(r"[，,。.！!？?、；;：:~～\s]")


def yes_or_no(text: str) -> bool | None:
    """True for a yes, False for a no, None when the text does not clearly open with either."""
    said = text.strip().lower().replace("’", "'")
    if not said or said.startswith("/"):
        return None
    if catalogue.has_chinese(said):
        return _chinese_yes_or_no(said)
    return _english_yes_or_no(said)


def _english_yes_or_no(said: str) -> bool | None:
    words = re.sub(r"[^a-z' ]+", " ", said).split()
    while words and words[0] in ENGLISH_FILLERS:
        words = words[1:]
    if words and re.fullmatch(r"ye+s+|ye+a+h*", words[0]):  # "yess", "yeaah"
        return True
    if words and re.fullmatch(r"no{2,}|no+pe", words[0]):  # "nooo"
        return False
    opening = " ".join(words)
    for phrase in sorted(ENGLISH_YES_NO, key=len, reverse=True):
        if opening == phrase or opening.startswith(phrase + " "):
            return ENGLISH_YES_NO[phrase]
    return None


def _chinese_yes_or_no(said: str) -> bool | None:
    for opener in CHINESE_OPENERS:
        said = said.removeprefix(opener)
    clause = next(iter(CLAUSE_END.sub(" ", said).split()), "")
    found: set[bool] = set()
    rest = clause
    while rest:
        if rest[0] in CHINESE_PARTICLES:
            rest = rest[1:]
            continue
        piece = next((p for p in sorted(CHINESE_YES_NO, key=len, reverse=True) if rest.startswith(p)), None)
        if piece is None:
            break  # more than an answer in the clause: "是的还没拆", "没拆过", "可以吗"
        found.add(CHINESE_YES_NO[piece])
        rest = rest[len(piece) :]
    if len(found) > 1:
        return None  # "是不是", "要不要": a question, neither
    if not rest:
        return found.pop() if found else None
    if rest.endswith(("吗", "么", "呢")):
        return None
    # Only a whole word of answer opens a longer clause: "好的谢谢", "不用了谢谢" - never 没 or 是
    # alone, since "没拆过" (never opened) answers "is it sealed?" with a yes.
    return next((value for phrase, value in CHINESE_OPENING_ANSWERS.items() if clause.startswith(phrase)), None)


# --- the policy's condition questions ------------------------------------------------------------
# The policy asks its questions so that yes keeps the item returnable ("Is the item still sealed?",
# china_online.yml and default.yml). A shopper often answers with the condition instead of a yes:
# "没有拆封过" (never unsealed) or "never opened it" is a yes to "still sealed?", although a
# no-word opens it. Per question, the phrasings of each answer; the longest found decides, so
# "never opened" is a yes although it holds "opened", and "not complete" a no.
CONDITION_ANSWERS: dict[str, tuple[tuple[tuple[str, ...], bool], ...]] = {
    "sealed": (
        (
            (
                "没拆",
                "没有拆",
                "未拆",
                "没开封",
                "没有开封",
                "未开封",
                "没打开",
                "没有打开",
                "未打开",
                "原封",
                "never opened",
                "not opened",
                "unopened",
                "haven't opened",
                "havent opened",
                "didn't open",
                "didnt open",
                "still sealed",
                "still in the packaging",
                "still in its packaging",
            ),
            True,
        ),
        (
            ("拆了", "拆过", "拆开", "已拆", "打开了", "打开过", "开封了", "已开封", "opened", "unsealed", "open it"),
            False,
        ),
    ),
    "never_activated": (
        (
            (
                "没激活",
                "没有激活",
                "未激活",
                "没用过",
                "没有用过",
                "没使用",
                "没有使用",
                "未使用",
                "never used",
                "not used",
                "unused",
                "never activated",
                "not activated",
                "haven't used",
                "havent used",
                "didn't use",
                "didnt use",
            ),
            True,
        ),
        (("激活了", "激活过", "已激活", "用过", "用了", "使用过", "used it", "activated", "i used"), False),
    ),
    "intact": (
        (
            (
                "没坏",
                "没有坏",
                "没损坏",
                "没有损坏",
                "完好",
                "齐全",
                "都在",
                "没少",
                "没有少",
                "不缺",
                "没缺",
                "undamaged",
                "not damaged",
                "nothing missing",
                "all there",
                "complete",
                "intact",
            ),
            True,
        ),
        (
            (
                "坏了",
                "损坏",
                "破了",
                "少了",
                "缺",
                "damaged",
                "broken",
                "missing",
                "scratched",
                "not complete",
                "incomplete",
            ),
            False,
        ),
    ),
}


def condition_answer(question_id: str | None, text: str) -> bool | None:
    """The answer to one of the policy's condition questions (its id: "sealed", "intact",
    "never_activated") read from the condition the shopper describes; None when the text names
    none of it, or the question is not one of these (then yes_or_no reads it)."""
    said = text.strip().lower().replace("’", "'")
    if not said or said.startswith("/") or is_question(said):
        return None
    found = [
        (len(phrase), answer)
        for phrases, answer in CONDITION_ANSWERS.get(question_id or "", ())
        for phrase in phrases
        if phrase in said
    ]
    return max(found)[1] if found else None


# --- which option -------------------------------------------------------------------------------
# Words that name a way of settling the return, beside the titles of the buttons.
RESOLUTION_WORDS: dict[str, tuple[str, ...]] = {
    "refund": ("refund", "money", "reimburse", "退款", "退钱", "原路退"),
    "exchange": (
        "exchange",
        "swap",
        "replace",
        "replacement",
        "size",
        "colour",
        "color",
        "换货",
        "换一",
        "换个",
        "换成",
        "换尺码",
        "换颜色",
        "换大",
        "换小",
        "更换",
        "调换",
    ),
    "store_credit": ("store credit", "credit", "voucher", "gift", "coupon", "余额", "积分", "代金券", "购物金"),
}
# Said in passing, these do not name an option: "refund to my credit card" is a refund.
NOT_OPTIONS = ("credit card",)

# A shopper typing an ordinal to pick one of the buttons: "the second one", "第二个".
ORDINALS = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3, "4th": 3}
CHINESE_ORDINAL = re.compile(r"第\s*([一二两三四五1-5])\s*[个件条只双套样]?")
CHINESE_DIGITS = {"一": 0, "二": 1, "两": 1, "三": 2, "四": 3, "五": 4}


def resolution_named(text: str) -> str | None:
    """The one way of settling named in the text (its title in any language, or its words)."""
    said = text.strip().lower()
    if titled := resolution_from_title(said):
        return titled
    if said.replace(" ", "_") in RESOLUTION_CODES:
        return said.replace(" ", "_")
    for passing in NOT_OPTIONS:
        said = said.replace(passing, " ")
    named = {code for code, words in RESOLUTION_WORDS.items() if any(_says(said, word) for word in words)}
    if said.strip() == "换":
        named.add("exchange")
    return named.pop() if len(named) == 1 else None


def reason_named(text: str) -> str | None:
    """A reason code from a button title (any language), or the service's English or Chinese words."""
    said = text.strip()
    if said in REASON_CODES:
        return said
    found = reason_from_title(said) or reason_from_text(said)
    if found or not catalogue.has_chinese(said):
        return found
    return next((code for code, words in reason_words("zh") if any(word in said for word in words)), None)


def reasons_named(text: str) -> list[str]:
    """Every reason a free-text answer names, in English or Chinese: more than one means asking
    which (issue 15: one reason per item; two that conflict are asked about, not guessed)."""
    said = text.strip()
    if catalogue.has_chinese(said):
        return codes_named(said, reason_words("zh")) or reasons_in_text(said)
    return reasons_in_text(said)


def item_named(
    text: str, items: list[dict[str, Any]], shown: list[dict[str, Any]] | None = None
) -> dict[str, Any] | None:
    """The item the text names: its line number, its name, or its place among the buttons `shown`
    ("the second one", "第二个"; all `items` when not given)."""
    said = text.strip().lower()
    shown = items if shown is None else shown
    words = set(re.findall(r"[a-z0-9]+", said))
    place = next((ORDINALS[word] for word in ORDINALS if word in words), None)
    if place is None and "last" in words:
        place = len(shown) - 1
    if place is None and (chinese := CHINESE_ORDINAL.search(said)):
        digit = chinese.group(1)
        place = int(digit) - 1 if digit.isdigit() else CHINESE_DIGITS[digit]
    if place is not None:
        return shown[place] if 0 <= place < len(shown) else None
    return match_item(text, items)


def quantity_named(text: str, most: int) -> int | None:
    """A count from 1 to `most` ("2", "two", "both", "两件"); None for anything else."""
    quantity = parse_quantity(text, most)
    return quantity if quantity is not None and 1 <= quantity <= most else None


def is_question(text: str) -> bool:
    """A question asks something new ("where is my refund?"); "can I get a refund?" is an answer."""
    said = text.strip().lower()
    return bool(re.match(r"(how|what|where|when|why|which|who)\b", said)) or any(
        word in said for word in ("怎么", "如何", "多久", "哪", "什么", "为什么", "几天")
    )


def is_short(text: str) -> bool:
    """A few words, or a few Chinese characters: an answer more than a new request."""
    said = text.strip()
    if catalogue.has_chinese(said):
        return len(re.sub(r"\s", "", said)) <= 6
    return len(said.split()) <= 3


def _says(said: str, word: str) -> bool:
    if catalogue.has_chinese(word):
        return word in said
    return re.search(rf"\b{re.escape(word)}", said) is not None
