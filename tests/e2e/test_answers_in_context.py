"""Answers read in context (issue 15, item 2), in English and Chinese, through the live stack.

Shoppers answered in their own words and met "Did you mean 'check_return_status'?": a yes typed
under the policy's Yes/No question fell to the fallback, "refund" under the Refund/Store-credit
buttons became a status check. Here the words are typed as shoppers typed them, because reading
them is the point; every other step is a payload or a button. A message nobody understood is
sent as Rasa's fallback intent (`/nlu_fallback`), as the NLU marks it, so the test does not
depend on which gibberish a freshly trained model happens to doubt.
"""

from __future__ import annotations

from ..chat import Conversation
from ..orders import push_order

# A hygiene item returned for a change of mind: the policy asks whether it is still sealed.
SHAVER = {
    "sku": "BE-SHAVER",
    "name": "Electric shaver",
    "category": "beauty",
    "tags": ["hygiene"],
    "unit_price_minor": 8990,
}
ZH = {"locale": "zh"}  # what the widget sends from a Chinese page


def buttons(chat: Conversation) -> list[str]:
    return [b["title"] for m in chat.last for b in m.get("buttons", [])]


def up_to_the_sealed_question(chat: Conversation, stack, number: str, email: str, chinese: bool = False) -> None:
    push_order(stack, number, email, item=SHAVER)
    if chinese:
        chat.say("/greet", metadata=ZH)
    chat.intent("start_return", order_number=number)  # one item: nothing to choose
    chat.intent("inform", email=email)
    chat.intent("inform", reason="changed_mind")
    assert buttons(chat) == (["是", "否"] if chinese else ["Yes", "No"]), chat.dump()  # is it still sealed?


def never_an_intent_name(chat: Conversation) -> None:
    said = chat.dump()
    assert "Did you mean" not in said and "check_return_status" not in said, said


def test_a_yes_in_words_and_refund_typed_under_the_buttons(chat: Conversation, stack, landed_returns):
    up_to_the_sealed_question(chat, stack, "T15A01", "yes.words@example.com")
    chat.say("yes its still sealed, never opened it")
    assert "How would you like it settled?" in chat.text(), chat.dump()
    chat.say("refund")
    assert "Shall I submit it?" in chat.text() and "Refund" in chat.text(), chat.dump()
    # The NLU reads this as start_return: without the form reading it first, the return began anew.
    chat.say("sure, return it")
    assert "Your return number is RMA-" in chat.text(), chat.dump()
    never_an_intent_name(chat)
    [landed] = landed_returns("T15A01", "yes.words@example.com")
    assert landed["status"] == "approved"  # sealed: the hygiene exclusion did not apply


def test_a_yes_in_chinese_words_and_tuikuan_typed_under_the_buttons(chat: Conversation, stack, landed_returns):
    up_to_the_sealed_question(chat, stack, "T15A02", "shi.de@example.com", chinese=True)
    chat.say("是的，还没拆封")
    assert "您希望怎么处理" in chat.text(), chat.dump()
    chat.say("退款")
    assert "要我提交吗" in chat.text() and "退款" in chat.text(), chat.dump()
    chat.say("是的，帮我退了吧")  # start_return to the NLU, a yes to the open question
    assert "退货单号是 RMA-" in chat.text(), chat.dump()
    never_an_intent_name(chat)
    [landed] = landed_returns("T15A02", "shi.de@example.com")
    assert landed["status"] == "approved"


def test_a_no_in_words_is_a_no(chat: Conversation, stack, landed_returns):
    up_to_the_sealed_question(chat, stack, "T15A03", "no.words@example.com")
    chat.say("no not really, I opened it to try it")
    assert "For hygiene reasons" in chat.text(), chat.dump()  # the policy's answer to an opened one
    assert landed_returns("T15A03", "no.words@example.com") == []


def test_the_condition_described_answers_the_question_in_both_languages(chat: Conversation, stack):
    # "没有拆封过" (never unsealed) opens with a no-word and was read as a no; it is a yes to
    # "is it still sealed?". So is "never opened it", which has no yes-word at all.
    up_to_the_sealed_question(chat, stack, "T15A07", "mei.chai@example.com", chinese=True)
    chat.say("没有拆封过")
    assert "您希望怎么处理" in chat.text(), chat.dump()
    english = Conversation.start(stack)
    up_to_the_sealed_question(english, stack, "T15A08", "never.opened@example.com")
    english.say("never opened it")
    assert "How would you like it settled?" in english.text(), english.dump()


def test_not_understood_asks_the_same_question_again_and_then_offers_a_person(chat: Conversation, stack):
    up_to_the_sealed_question(chat, stack, "T15A04", "twice@example.com")
    chat.intent("nlu_fallback")
    assert chat.last[0]["text"] == "Sorry, I didn't catch that.", chat.dump()
    assert "still sealed" in chat.text() and buttons(chat) == ["Yes", "No"], chat.dump()
    chat.intent("nlu_fallback")
    assert "still sealed" in chat.text(), chat.dump()
    assert buttons(chat) == ["Yes", "No", "Talk to a person"], chat.dump()
    never_an_intent_name(chat)
    chat.click("Talk to a person")
    assert "passed your case" in chat.text() and "Your reference is ESC-" in chat.text(), chat.dump()


def test_in_chinese_too_the_question_comes_again_then_a_person(chat: Conversation, stack):
    up_to_the_sealed_question(chat, stack, "T15A05", "zai.wen@example.com", chinese=True)
    chat.intent("nlu_fallback")
    assert chat.last[0]["text"] == "抱歉，我没太明白您的意思。", chat.dump()
    assert buttons(chat) == ["是", "否"], chat.dump()
    chat.intent("nlu_fallback")
    assert buttons(chat) == ["是", "否", "转人工客服"], chat.dump()
    chat.click("转人工客服")
    assert chat.text().startswith("已将您的问题转交给客服团队。"), chat.dump()


def test_an_answer_the_form_cannot_use_twice_brings_a_person_to_the_buttons(chat: Conversation, stack):
    up_to_the_sealed_question(chat, stack, "T15A06", "credit@example.com")
    chat.intent("affirm")  # still sealed
    assert "How would you like it settled?" in chat.text(), chat.dump()
    offered = buttons(chat)
    chat.intent("inform", resolution="exchange")  # not offered for a shaver
    assert "Talk to a person" not in buttons(chat), chat.dump()
    chat.intent("inform", resolution="exchange")
    assert buttons(chat) == [*offered, "Talk to a person"], chat.dump()


def test_outside_a_form_the_choices_are_in_words(chat: Conversation):
    chat.intent("nlu_fallback")
    assert buttons(chat) == ["Return an item", "Where is my return?", "Return rules", "Something else"], chat.dump()
    never_an_intent_name(chat)
    chat.click("Return an item")
    assert "Which order is it about?" in chat.text(), chat.dump()


def test_outside_a_form_the_choices_are_in_chinese_words(chat: Conversation):
    chat.say("/nlu_fallback", metadata=ZH)
    assert buttons(chat) == ["我要退货", "我的退货到哪了？", "退货规则", "其他问题"], chat.dump()
    chat.click("其他问题")
    assert "能换个说法吗" in chat.text(), chat.dump()  # Rasa's second stage: say it another way


def test_two_reasons_in_one_answer_are_asked_about_in_both_languages(chat: Conversation, stack, landed_returns):
    # "The zip broke, and I changed my mind": a fault and a change of mind decide a return
    # differently (who pays the label, which window), so the bot asks which, with just those two.
    push_order(stack, "T15A20", "two.reasons@example.com")
    chat.intent("start_return", order_number="T15A20")
    chat.intent("inform", email="two.reasons@example.com")
    chat.say("the zip broke and honestly i changed my mind")
    assert "Which is the main reason for returning the Slim fit jeans?" in chat.text(), chat.dump()
    assert buttons(chat)[:2] == ["Faulty / doesn't work", "Changed my mind"], chat.dump()
    chat.click("Changed my mind")
    assert "How would you like it settled?" in chat.text(), chat.dump()
    never_an_intent_name(chat)

    chinese = Conversation.start(stack)
    push_order(stack, "T15A21", "liang.ge@example.com")
    chinese.say("/greet", metadata=ZH)
    chinese.intent("start_return", order_number="T15A21")
    chinese.intent("inform", email="liang.ge@example.com")
    chinese.say("质量问题，而且太小了")
    assert "退回Slim fit jeans的主要原因是哪一个？" in chinese.text(), chinese.dump()
    assert buttons(chinese)[:2] == ["质量问题 / 无法使用", "尺码偏小"], chinese.dump()
    chinese.click("尺码偏小")
    assert "您希望怎么处理" in chinese.text(), chinese.dump()
    never_an_intent_name(chinese)
