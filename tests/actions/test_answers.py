"""Free text read as the answer to the open question (actions/answers.py), in English and Chinese.

Each table reads like what shoppers type under the question; None means "not clearly an answer",
and then the NLU's intent decides (nothing is guessed)."""

from __future__ import annotations

import pytest

from actions.answers import (
    condition_answer,
    is_question,
    item_named,
    quantity_named,
    reason_named,
    resolution_named,
    yes_or_no,
)


@pytest.mark.parametrize(
    ("typed", "answer"),
    [
        # Issue 15: typed under "Is the item still sealed?", it fell to the fallback.
        pytest.param("yes its still sealed, never opened it", True, id="yes-with-a-sentence"),
        pytest.param("yep go ahead", True, id="yep"),
        pytest.param("Yes!", True, id="yes-shouted"),
        pytest.param("yesss", True, id="yes-drawn-out"),
        pytest.param("um, yes", True, id="filler-then-yes"),
        pytest.param("ok", True, id="ok"),
        pytest.param("sure thing", True, id="sure"),
        pytest.param("of course", True, id="of-course"),
        pytest.param("no problem, go ahead", True, id="no-problem-is-a-yes"),
        pytest.param("no not really", False, id="no-not-really"),
        pytest.param("Nope.", False, id="nope"),
        pytest.param("no, it's been opened", False, id="no-with-a-sentence"),
        pytest.param("not really", False, id="not-really"),
        pytest.param("no thanks", False, id="no-thanks"),
        pytest.param("no idea", None, id="no-idea-is-no-answer"),
        pytest.param("not sure", None, id="not-sure"),
        pytest.param("maybe", None, id="maybe"),
        pytest.param("sealed", None, id="no-yes-word"),
        pytest.param("never opened it", None, id="never-is-not-guessed"),
        pytest.param("yesterday", None, id="a-word-starting-with-yes"),
        pytest.param("K 582348", None, id="an-order-number"),
        pytest.param("/affirm", None, id="a-payload"),
        pytest.param("", None, id="nothing"),
    ],
)
def test_english_yes_and_no(typed, answer):
    assert yes_or_no(typed) is answer


@pytest.mark.parametrize(
    ("typed", "answer"),
    [
        pytest.param("是的", True, id="shi-de"),
        pytest.param("是", True, id="shi"),
        pytest.param("对", True, id="dui"),
        pytest.param("对的，还没拆封", True, id="dui-de-with-a-sentence"),
        pytest.param("是的还没拆", True, id="shi-de-without-punctuation"),
        pytest.param("好的", True, id="hao-de"),
        pytest.param("好的好的", True, id="hao-de-twice"),
        pytest.param("嗯嗯", True, id="en-en"),
        pytest.param("亲，是的", True, id="qin-then-yes"),
        pytest.param("可以", True, id="keyi"),
        pytest.param("没问题", True, id="mei-wenti-is-a-yes"),
        pytest.param("好的谢谢", True, id="hao-de-xiexie"),
        pytest.param("不是", False, id="bu-shi"),
        pytest.param("没有", False, id="meiyou"),
        pytest.param("没有。", False, id="meiyou-full-stop"),
        pytest.param("不用了", False, id="buyong-le"),
        pytest.param("不用了谢谢", False, id="buyong-le-xiexie"),
        pytest.param("不要", False, id="buyao"),
        pytest.param("算了", False, id="suan-le"),
        # "没拆过" (never opened) answers "still sealed?" with a yes: a leading 没 is not a no.
        pytest.param("没拆过", None, id="never-opened-is-not-guessed"),
        pytest.param("没有拆", None, id="meiyou-with-a-verb"),
        pytest.param("是不是", None, id="a-question"),
        pytest.param("可以吗", None, id="keyi-ma"),
        pytest.param("不知道", None, id="dont-know"),
    ],
)
def test_chinese_yes_and_no(typed, answer):
    assert yes_or_no(typed) is answer


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        # Issue 15: "refund" under the Refund/Exchange/Store-credit buttons was read as a status check.
        pytest.param("refund", "refund", id="refund"),
        pytest.param("Refund please", "refund", id="refund-please"),
        pytest.param("i want my money back", "refund", id="money-back"),
        pytest.param("refund to my credit card", "refund", id="credit-card-is-no-credit"),
        pytest.param("exchange", "exchange", id="exchange"),
        pytest.param("swap it for a bigger size", "exchange", id="swap"),
        pytest.param("Store credit", "store_credit", id="store-credit-title"),
        pytest.param("a voucher is fine", "store_credit", id="voucher"),
        pytest.param("store_credit", "store_credit", id="code"),
        pytest.param("退款", "refund", id="tuikuan"),
        pytest.param("我要退钱", "refund", id="tuiqian"),
        pytest.param("换货", "exchange", id="huanhuo"),
        pytest.param("换个大一码", "exchange", id="huan-ge-da-yi-ma"),
        pytest.param("换", "exchange", id="huan"),
        pytest.param("店铺余额", "store_credit", id="store-credit-title-zh"),
        pytest.param("no refund, an exchange", None, id="two-named"),
        pytest.param("whatever", None, id="none-named"),
        pytest.param("退换", None, id="tuihuan-is-not-guessed"),
    ],
)
def test_resolutions_named_in_words(typed, kind):
    assert resolution_named(typed) == kind


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        pytest.param("Too small", "size_too_small", id="title-en"),
        pytest.param("尺码偏小", "size_too_small", id="title-zh"),
        pytest.param("its to big", "size_too_large", id="to-big"),
        pytest.param("it stopped working", "defective", id="stopped-working"),
        pytest.param("太小了", "size_too_small", id="tai-xiao"),
        pytest.param("有点偏大", "size_too_large", id="pian-da"),
        pytest.param("发错货了", "wrong_item", id="fa-cuo"),
        pytest.param("质量问题", "defective", id="zhiliang-wenti"),
        pytest.param("到货就破损了", "damaged_in_transit", id="posun"),
        pytest.param("不想要了", "changed_mind", id="bu-xiang-yao"),
        pytest.param("七天无理由", "changed_mind", id="seven-days-no-reason"),
        pytest.param("asdf", None, id="nothing-en"),
        pytest.param("你好", None, id="nothing-zh"),
    ],
)
def test_reasons_named_in_words(typed, code):
    assert reason_named(typed) == code


JEANS = {"line_no": 1, "name": "Slim fit jeans", "sku": "AP-JEANS-SLIM"}
TEE = {"line_no": 2, "name": "Organic cotton T-shirt", "sku": "AP-TEE-ORG"}
BOOTS = {"line_no": 3, "name": "Chelsea boots", "sku": "SH-BOOT"}


@pytest.mark.parametrize(
    ("typed", "line_no"),
    [
        pytest.param("the jeans", 1, id="by-name"),
        pytest.param("2", 2, id="by-line-number"),
        pytest.param("the first one", 1, id="first"),
        pytest.param("second", 2, id="second-of-the-buttons"),
        pytest.param("the last one", 3, id="last"),
        pytest.param("第二个", 2, id="di-er-ge"),
        pytest.param("第1件", 1, id="di-1-jian"),
        pytest.param("the fifth one", None, id="no-such-place"),
        pytest.param("the hat", None, id="not-in-the-order"),
    ],
)
def test_items_named_in_words(typed, line_no):
    item = item_named(typed, [JEANS, TEE, BOOTS])
    assert (item or {}).get("line_no") == line_no


def test_a_place_counts_among_the_buttons_shown_not_the_order_lines():
    assert item_named("the second one", [JEANS, TEE, BOOTS], shown=[JEANS, BOOTS]) == BOOTS


@pytest.mark.parametrize(
    ("typed", "quantity"),
    [
        pytest.param("2", 2, id="digit"),
        pytest.param("two", 2, id="word"),
        pytest.param("both", 3, id="all"),
        pytest.param("两件", 2, id="liang-jian"),
        pytest.param("全部", 3, id="quanbu"),
        pytest.param("7", None, id="more-than-bought"),
        pytest.param("0", None, id="none"),
        pytest.param("some", None, id="not-a-number"),
    ],
)
def test_quantities_named_in_words(typed, quantity):
    assert quantity_named(typed, 3) == quantity


@pytest.mark.parametrize(
    ("typed", "asks"),
    [
        pytest.param("where is my refund", True, id="where"),
        pytest.param("how long does a refund take?", True, id="how"),
        pytest.param("退款多久到账", True, id="duojiu"),
        pytest.param("can i get a refund?", False, id="an-answer-put-as-a-question"),
        pytest.param("refund", False, id="refund"),
    ],
)
def test_a_new_question_is_not_an_answer(typed, asks):
    assert is_question(typed) is asks


@pytest.mark.parametrize(
    ("question", "typed", "answer"),
    [
        # Issue 15: under "商品是否仍在原包装中，未拆封？" this was read as a no.
        pytest.param("sealed", "没有拆封过", True, id="zh-never-unsealed"),
        pytest.param("sealed", "没拆", True, id="zh-not-opened"),
        pytest.param("sealed", "已经拆开了", False, id="zh-opened"),
        pytest.param("sealed", "never opened it", True, id="never-opened"),
        pytest.param("sealed", "I opened it to check the size", False, id="opened"),
        pytest.param("never_activated", "还没激活", True, id="zh-not-activated"),
        pytest.param("never_activated", "用过一次", False, id="zh-used-once"),
        pytest.param("never_activated", "never used, still new", True, id="never-used"),
        pytest.param("intact", "配件都在，没有损坏", True, id="zh-all-there"),
        pytest.param("intact", "it's not complete, the charger is missing", False, id="not-complete"),
        pytest.param("intact", "complete, nothing missing", True, id="complete"),
        pytest.param("sealed", "is opening it allowed?", None, id="a-question"),
        pytest.param("sealed", "yes", None, id="a-plain-yes-is-yes_or_nos"),
        pytest.param("fits", "never opened", None, id="another-question"),
        pytest.param(None, "没拆", None, id="no-question"),
    ],
)
def test_the_condition_described_answers_the_policys_question(question: str | None, typed: str, answer: bool | None):
    assert condition_answer(question, typed) is answer
