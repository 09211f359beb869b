"""Tokens for English and Chinese in one model: whitespace for Latin text, jieba inside Chinese.

Rasa serves one model per server, so the same pipeline must read "I want to return A1001" and
"你好，订单A1001的裤子尺码不对". Chinese has no spaces: to the WhitespaceTokenizer the second is
two tokens, and nothing a featurizer or the CRF learns from one can carry to another.

This tokenizer first splits exactly as WhitespaceTokenizer does, so an English message keeps its
tokens (and the English model its numbers). Only a token holding Chinese characters or CJK
punctuation is cut again: runs of Chinese characters by jieba's bundled dictionary (nothing is
downloaded), the Latin or digit runs between them kept whole, so that "订单A1001的" gives 订单 /
A1001 / 的 and the order number lines up with its regex and its annotation. CJK punctuation
between the pieces is dropped, as the WhitespaceTokenizer drops ASCII punctuation.

`cjk: characters` makes every Chinese character a token instead: the alternative measured on
the Chinese dev split (numbers in config.yml).
"""

from __future__ import annotations

import logging
import re
import threading
from typing import Any

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message

# CJK Unified Ideographs, extension A and the compatibility block: the characters jieba segments.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# CJK symbols and punctuation (。，、「」) and the full-width forms (，！？：（）): what a Chinese
# keyboard types. Their presence alone sends a token here; English text never holds them.
CJK_MARKS = "\u3000-\u303f\uff00-\uffef"
# Punctuation dropped between the pieces: the CJK marks that are not full-width letters or digits
# (those are text), curly quotes, the ellipsis and the middle dot.
CJK_PUNCTUATION = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018-\u201f\u2026\u00b7"

HAS_HAN = re.compile(f"[{HAN}]")
NEEDS_SPLITTING = re.compile(f"[{HAN}{CJK_MARKS}]")
PIECES = re.compile(f"(?P<han>[{HAN}]+)|(?P<other>[^{HAN}{CJK_PUNCTUATION}\\s]+)")

_jieba = None
_jieba_lock = threading.Lock()


def jieba_tokenizer():
    """jieba with its bundled dictionary, loaded once per process and quietly.

    jieba logs "Building prefix dict ..." at DEBUG to stderr by default; the assistant's logs
    should not show it on every start."""
    global _jieba
    with _jieba_lock:
        if _jieba is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            segmenter = jieba.Tokenizer()
            segmenter.initialize()
            _jieba = segmenter
    return _jieba


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class CjkWhitespaceTokenizer(WhitespaceTokenizer):
    @staticmethod
    def not_supported_languages() -> list[str] | None:
        return None  # the point of this tokenizer is that Chinese is supported

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            **WhitespaceTokenizer.get_default_config(),
            "cjk": "jieba",  # "jieba": words from its dictionary; "characters": one token each
            # jieba's HMM guesses words missing from its dictionary; off, a phrase is cut the
            # same way in every sentence, which the CRF's entity spans rely on.
            "hmm": False,
        }

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CjkWhitespaceTokenizer:
        return cls({**cls.get_default_config(), **config})

    def __init__(self, config: dict[str, Any]) -> None:
        super().__init__(config)
        if self._config["cjk"] not in ("jieba", "characters"):
            raise ValueError(
                f"CjkWhitespaceTokenizer: cjk must be 'jieba' or 'characters', not {self._config['cjk']!r}"
            )
        if self._config["cjk"] == "jieba":
            jieba_tokenizer()  # load the dictionary now, not on the first customer's message

    def remove_emoji(self, text: str) -> str:
        # Rasa's emoji pattern spans U+24C2..U+1F251, which holds every Chinese character: a
        # word standing alone between punctuation ("亲，在吗") would be thrown away as a smiley.
        if HAS_HAN.search(text):
            return text
        return super().remove_emoji(text)

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        tokens: list[Token] = []
        for token in super().tokenize(message, attribute):
            if NEEDS_SPLITTING.search(token.text):
                tokens.extend(Token(text, token.start + offset) for text, offset in self.split(token.text))
            else:
                tokens.append(token)
        return tokens

    def split(self, text: str) -> list[tuple[str, int]]:
        """(piece, offset in text) for the Chinese words and the Latin/digit runs of one token."""
        pieces: list[tuple[str, int]] = []
        for run in PIECES.finditer(text):
            if run.group("han") is None:
                pieces.append((run.group(), run.start()))
            elif self._config["cjk"] == "characters":
                pieces.extend((char, run.start() + i) for i, char in enumerate(run.group()))
            else:
                offset = run.start()
                for word in jieba_tokenizer().cut(run.group(), HMM=self._config["hmm"]):
                    pieces.append((word, offset))
                    offset += len(word)
        # A token of punctuation alone ("。。。") keeps one piece, as the WhitespaceTokenizer
        # keeps a message of smileys whole rather than giving no token at all.
        return pieces or [(text, 0)]
