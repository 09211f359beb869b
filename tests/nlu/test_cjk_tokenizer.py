"""The tokenizer of config.yml (bot/nlu/cjk_tokenizer.py): English as before, Chinese cut into words."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.cjk_tokenizer import CjkWhitespaceTokenizer
from eval.nlu_eval import load_examples

ROOT = Path(__file__).resolve().parents[2]


def tokenizer(**config) -> CjkWhitespaceTokenizer:
    return CjkWhitespaceTokenizer({**CjkWhitespaceTokenizer.get_default_config(), **config})


def spans(tokenizer, text: str) -> list[tuple[str, int, int]]:
    return [(t.text, t.start, t.end) for t in tokenizer.tokenize(Message.build(text=text), "text")]


def test_english_is_tokenized_exactly_as_the_whitespace_tokenizer_does():
    # The English model's numbers rest on these tokens: not one may move.
    whitespace, ours = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config()), tokenizer()
    texts = [text for text, _ in load_examples(ROOT / "data") + load_examples(ROOT / "eval" / "dev_nlu.yml")]
    english = [text for text in texts if text.isascii()]
    assert len(english) > 3000
    moved = [text for text in english if spans(whitespace, text) != spans(ours, text)]
    assert not moved, moved[:10]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        pytest.param("你好，我想退货", ["你好", "我", "想", "退货"], id="greeting and request"),
        # Rasa's emoji pattern covers every Chinese character: a one-word phrase must survive it.
        pytest.param("亲，在吗？", ["亲", "在", "吗"], id="single characters between commas"),
        pytest.param("人工", ["人工"], id="one word alone"),
        pytest.param("订单A1005的衣服尺码不对", ["订单", "A1005", "的", "衣服", "尺码", "不", "对"], id="order inside"),
        pytest.param("邮箱abc@qq.com，谢谢", ["邮箱", "abc@qq.com", "谢谢"], id="email inside"),
        pytest.param("手机+86 138 1234 5678。", ["手机", "+86", "138", "1234", "5678"], id="phone after"),
        pytest.param("“退货”…", ["退货"], id="curly quotes and ellipsis"),
    ],
)
def test_chinese_is_cut_into_words_that_point_back_into_the_text(text: str, words: list[str]):
    found = spans(tokenizer(), text)
    assert [word for word, _, _ in found] == words
    assert all(text[start:end] == word for word, start, end in found)


def test_characters_mode_makes_one_token_per_chinese_character():
    assert [w for w, _, _ in spans(tokenizer(cjk="characters"), "退货A1005")] == ["退", "货", "A1005"]


def test_an_unknown_mode_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="'jieba' or 'characters'"):
        tokenizer(cjk="bigrams")
