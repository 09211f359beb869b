"""The reason codes, resolutions and their titles, the words that name a reason in free text and
the form's reason buttons, as the returns service serves them.

The service owns the vocabulary (GET /api/v1/vocabulary); the action server reads it once and
keeps it, so adding a reason code never touches the actions. The read starts when the action
server loads the actions. The service may not be up yet then (scripts/run.sh starts both at
once): the failure is logged, nothing crashes, and the first action that needs a code or a title
reads again - at most once every RETRY_SECONDS while the service stays down, with one short call,
so a turn never hangs on it. Until a read succeeds, `current()` is None and the callers
(actions/texts.py) fall back to the words they have: the catalogue's, and no reason read from
free text (the NLU model's reason entities still are).
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import requests

from bot.catalogue import DEFAULT_LANGUAGE, LANGUAGES

from .backend_client import service

log = logging.getLogger(__name__)

PATH = "/vocabulary"
TIMEOUT_SECONDS = 3.0
RETRY_SECONDS = 15.0
KINDS = ("reason", "resolution")


class VocabularyUnreadable(Exception):
    """The service did not answer with a vocabulary (down, an error, or a body of another shape)."""


# Per reason, the words that name it in free text, in the order they are tried (texts.codes_named).
ReasonWords = tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class Vocabulary:
    """Codes in the service's order, each language's titles keyed "reason.<code>", each language's
    words for reasons in free text, and the reasons the form offers as buttons, in order."""

    reasons: tuple[str, ...]
    resolutions: tuple[str, ...]
    titles: Mapping[str, Mapping[str, str]]
    reason_words: Mapping[str, ReasonWords] = MappingProxyType({})
    common_reasons: tuple[str, ...] = ()

    @classmethod
    def from_documents(cls, documents: Mapping[str, Any]) -> Vocabulary:
        """From the service's answer per language ({"en": {...}, "zh": {...}}); English must be there."""
        try:
            english = documents[DEFAULT_LANGUAGE]
            reasons = tuple(str(term["code"]) for term in english["reasons"])
            resolutions = tuple(str(term["code"]) for term in english["resolutions"])
            titles = {
                language: MappingProxyType(
                    {
                        f"{kind}.{term['code']}": str(term["title"])
                        for kind in KINDS
                        for term in document[f"{kind}s"]
                        if term.get("title")
                    }
                )
                for language, document in documents.items()
            }
            # A document without them (a service of before) reads as no words and no buttons.
            words = {
                language: tuple(
                    (str(entry["code"]), tuple(str(word) for word in entry["words"]))
                    for entry in document.get("reason_words") or ()
                )
                for language, document in documents.items()
            }
            common = tuple(str(code) for code in english.get("common_reasons") or ())
        except (KeyError, TypeError, AttributeError) as error:
            raise VocabularyUnreadable(f"not a vocabulary: {error!r}") from None
        if not reasons or not resolutions:
            raise VocabularyUnreadable("the vocabulary names no reasons or no resolutions")
        return cls(reasons, resolutions, MappingProxyType(titles), MappingProxyType(words), common)

    def words(self, language: str) -> ReasonWords:
        """The language's words for reasons in free text, in order; none for a language without them."""
        return self.reason_words.get(language, ())

    def title(self, language: str, kind: str, code: str) -> str | None:
        """The title in `language`, else in English; None when the service gave none."""
        key = f"{kind}.{code}"
        return self.titles.get(language, {}).get(key) or self.titles.get(DEFAULT_LANGUAGE, {}).get(key)


def read_from_service(language: str) -> dict[str, Any]:
    """One short call for one language's document; no retries: the loader decides when to try again."""
    url = service.base_url + PATH
    try:
        response = service.http.get(url, params={"lang": language}, timeout=TIMEOUT_SECONDS)
        response.raise_for_status()
        return response.json()
    except (requests.RequestException, ValueError) as error:
        raise VocabularyUnreadable(f"GET {url}?lang={language}: {error}") from None


class VocabularyLoader:
    """Reads the vocabulary once, keeps it, and reads again lazily while it has none."""

    def __init__(
        self,
        read: Callable[[str], Mapping[str, Any]] = read_from_service,
        *,
        languages: tuple[str, ...] = LANGUAGES,
        retry_seconds: float = RETRY_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._read = read
        self._languages = languages
        self._retry_seconds = retry_seconds
        self._clock = clock
        self._kept: Vocabulary | None = None
        self._next_try = 0.0  # a failed start-up read leaves it: the first use tries again at once
        self._lock = threading.Lock()

    def current(self) -> Vocabulary | None:
        """The vocabulary, reading it now if none is kept and a try is due; None if unreadable."""
        if self._kept is not None or self._clock() < self._next_try:
            return self._kept
        # Another thread (the start-up read) is reading: don't wait for it, use what is kept.
        if not self._lock.acquire(blocking=False):
            return self._kept
        try:
            if self._kept is None and self._clock() >= self._next_try and not self._try(level=logging.WARNING):
                self._next_try = self._clock() + self._retry_seconds
            return self._kept
        finally:
            self._lock.release()

    def load(self) -> Vocabulary | None:
        """Read now (the start-up read); a failure is logged as an error, never raised."""
        with self._lock:
            self._try(level=logging.ERROR)
            return self._kept

    def start(self) -> threading.Thread:
        """The start-up read, in the background: loading the actions never waits on the service."""
        thread = threading.Thread(target=self.load, name="returndesk-vocabulary", daemon=True)
        thread.start()
        return thread

    def use(self, vocabulary: Vocabulary) -> None:
        """Keep this vocabulary as if the service had served it (tests, tools)."""
        with self._lock:
            self._kept = vocabulary

    def _try(self, *, level: int) -> bool:
        try:
            self._kept = Vocabulary.from_documents({language: self._read(language) for language in self._languages})
        except VocabularyUnreadable as error:
            log.log(
                level,
                "cannot read the reason codes and resolutions from the returns service (%s); until it "
                "answers, reasons are said as the assistant's 'reason.fallback' and resolutions by their "
                "codes, typed reasons are left to the NLU model and the form offers no reason buttons; "
                "trying again on the next use, then at most every %.0f s",
                error,
                self._retry_seconds,
            )
            return False
        log.info(
            "read %d reason codes and %d resolutions from the returns service",
            len(self._kept.reasons),
            len(self._kept.resolutions),
        )
        return True


vocabulary = VocabularyLoader()

# Started by the action server (`rasa run actions` imports rasa_sdk.endpoint, then the actions):
# read at start-up. Tests and tools that import the actions read lazily or `use()` their own.
if "rasa_sdk.endpoint" in sys.modules:
    vocabulary.start()
