"""The vocabulary document per language, and its entity tag.

The document changes only with a deploy (the codes are the policy package's, the titles and
words are words.py), so each language's body and tag are built once per process."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache

from ..policy.reasons import REASON_CODES
from ..policy.rules import RESOLUTION_KINDS
from .words import CATALOGUE, COMMON_REASONS, REASON_WORDS, title, vocabulary_locale


@dataclass(frozen=True)
class Document:
    language: str
    body: bytes
    etag: str


def vocabulary(locale: str | None) -> dict:
    """Every reason code and resolution the service accepts, with its title in the locale; the
    locale's words for reasons in free text, and the reasons the form offers as buttons."""
    language = vocabulary_locale(locale)
    return {
        "language": language,
        "languages": sorted(CATALOGUE),
        "reasons": [{"code": code, "title": title(language, "reason", code)} for code in REASON_CODES],
        "resolutions": [{"code": code, "title": title(language, "resolution", code)} for code in RESOLUTION_KINDS],
        "reason_words": [
            {"code": code, "words": list(words)} for code, words in REASON_WORDS[language].items() if words
        ],
        "common_reasons": list(COMMON_REASONS),
    }


@cache
def _document(language: str) -> Document:
    body = json.dumps(vocabulary(language), ensure_ascii=False, separators=(",", ":")).encode()
    return Document(language, body, f'"{hashlib.sha256(body).hexdigest()[:20]}"')


def document(locale: str | None) -> Document:
    return _document(vocabulary_locale(locale))


def not_modified(if_none_match: str | None, etag: str) -> bool:
    """Whether the client's If-None-Match names this tag (weak comparison, RFC 9110 13.1.2)."""
    if not if_none_match:
        return False
    tags = [tag.strip() for tag in if_none_match.split(",")]
    return "*" in tags or etag in (tag.removeprefix("W/") for tag in tags)
