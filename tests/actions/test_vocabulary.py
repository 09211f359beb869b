"""The actions' reason codes, resolutions and titles, read from the returns service (actions/vocabulary.py):
read once and kept, a service that is down at start-up read again on first use, a missing title
said as `other` and logged, never a KeyError, and the served words for reasons and the form's
buttons used as served."""

from __future__ import annotations

import logging

import pytest

from actions import texts
from actions.answers import reason_named, reasons_named, resolution_named
from actions.ask import AskReason
from actions.backend_client import service
from actions.vocabulary import Vocabulary, VocabularyLoader, VocabularyUnreadable, read_from_service

from ..stack import free_port
from .conftest import run, tracker


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class CountedReads:
    """The real read, counted: how often the loader went to the service."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, language: str):
        self.calls += 1
        return read_from_service(language)


@pytest.fixture
def service_down(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing listens where the actions look for the service."""
    monkeypatch.setattr(service, "base_url", f"http://127.0.0.1:{free_port()}/api/v1")


def test_a_service_down_at_start_up_is_logged_and_read_again_on_first_use(
    service_down, service_url, monkeypatch, caplog
):
    loader = VocabularyLoader(CountedReads(), clock=Clock())
    with caplog.at_level(logging.ERROR, logger="actions.vocabulary"):
        assert loader.load() is None  # no exception: the action server starts without it
    assert "cannot read the reason codes and resolutions from the returns service" in caplog.text
    assert "/vocabulary" in caplog.text

    monkeypatch.setattr(service, "base_url", service_url)  # the service is up now
    found = loader.current()
    assert found is not None and "size_too_small" in found.reasons
    assert found.resolutions == ("refund", "exchange", "store_credit")
    assert found.title("zh", "reason", "size_too_small") == "尺码偏小"


def test_the_start_up_read_runs_in_the_background_and_never_raises(service_down, caplog):
    loader = VocabularyLoader(clock=Clock())
    with caplog.at_level(logging.ERROR, logger="actions.vocabulary"):
        thread = loader.start()
        thread.join(timeout=30)
    assert not thread.is_alive() and thread.daemon
    assert "cannot read" in caplog.text and loader.current() is None


def test_read_once_and_kept_even_when_the_service_goes_away(live_service, monkeypatch):
    reads = CountedReads()
    loader = VocabularyLoader(reads, languages=("en", "zh"), clock=Clock())
    first = loader.current()
    assert first is not None and reads.calls == 2  # one call per language
    monkeypatch.setattr(service, "base_url", f"http://127.0.0.1:{free_port()}/api/v1")
    assert loader.current() is first and reads.calls == 2


def test_while_the_service_stays_down_it_is_asked_again_only_after_a_pause(service_down):
    reads, clock = CountedReads(), Clock()
    loader = VocabularyLoader(reads, languages=("en",), retry_seconds=15, clock=clock)
    assert loader.current() is None and reads.calls == 1
    clock.now += 14
    assert loader.current() is None and reads.calls == 1  # a turn never waits on it again meanwhile
    clock.now += 1
    assert loader.current() is None and reads.calls == 2


def test_an_answer_that_is_not_a_vocabulary_is_unreadable(live_service, monkeypatch):
    monkeypatch.setattr(service, "base_url", service.base_url.removesuffix("/api/v1"))  # GET /vocabulary: 404
    with pytest.raises(VocabularyUnreadable, match="404"):
        read_from_service("en")
    with pytest.raises(VocabularyUnreadable, match="not a vocabulary"):
        Vocabulary.from_documents({"en": {"detail": "Not Found"}})


# --- titles, as the actions say them -----------------------------------------------------------------
PARTIAL_EN = {
    "reasons": [
        {"code": "defective", "title": "Faulty"},
        {"code": "lost_interest", "title": ""},  # a code the service gave no title
        {"code": "other", "title": "Something else"},
    ],
    "resolutions": [{"code": "refund", "title": "Refund"}, {"code": "voucher", "title": ""}],
}
PARTIAL_ZH = {
    "reasons": [{"code": "defective", "title": "质量问题"}, {"code": "other", "title": "其他原因"}],
    "resolutions": [{"code": "refund", "title": "退款"}],
}
# No words and no buttons: a document of a service from before they were served.
PARTIAL = Vocabulary.from_documents({"en": PARTIAL_EN, "zh": PARTIAL_ZH})


@pytest.fixture
def kept(monkeypatch: pytest.MonkeyPatch):
    """The actions' loader keeps this vocabulary (None: one it can never read)."""

    def keep(vocabulary: Vocabulary | None) -> VocabularyLoader:
        def unreadable(language: str):
            raise VocabularyUnreadable("down")

        loader = VocabularyLoader(unreadable, clock=Clock())
        if vocabulary is not None:
            loader.use(vocabulary)
        monkeypatch.setattr(texts, "vocabulary", loader)
        return loader

    return keep


def test_titles_come_from_the_service_in_the_conversation_s_language():
    assert texts.reason_title("size_too_small", "zh") == "尺码偏小"
    assert texts.reason_title("size_too_small", "en") == "Too small"
    assert texts.resolution_title("store_credit", "zh") == "店铺余额"
    assert texts.reason_from_title("尺码偏小") == "size_too_small"
    assert reason_named("Too small") == "size_too_small"
    assert resolution_named("店铺余额") == resolution_named("store credit") == "store_credit"
    assert "wrong_item" in texts.REASON_CODES and texts.REASON_TITLES["wrong_item"] == "Wrong item sent"


@pytest.mark.parametrize(
    ("code", "language", "said"),
    [
        pytest.param("defective", "zh", "质量问题", id="titled"),
        pytest.param("lost_interest", "en", "Something else", id="known code without a title"),
        pytest.param("lost_interest", "zh", "其他原因", id="without a title, in Chinese"),
        pytest.param("not_a_code", "zh", "其他原因", id="a code the service does not know"),
        pytest.param(None, "en", "Something else", id="no reason yet"),
    ],
)
def test_a_missing_reason_title_is_said_as_other_and_logged(kept, caplog, code, language, said):
    kept(PARTIAL)
    with caplog.at_level(logging.WARNING, logger="actions.texts"):
        assert texts.reason_title(code, language) == said
    assert bool(caplog.records) == (code not in (None, "defective"))


def test_a_resolution_without_a_title_is_said_by_its_code_and_logged(kept, caplog):
    kept(PARTIAL)
    with caplog.at_level(logging.WARNING, logger="actions.texts"):
        assert texts.resolution_title("voucher", "zh") == "voucher"
    assert "resolution 'voucher' no title" in caplog.text
    assert texts.resolution_title("refund", "zh") == "退款"


def test_without_the_service_s_vocabulary_nothing_raises(kept):
    kept(None)
    assert texts.reason_title("defective", "zh") == "其他原因"  # the assistant's own last word
    assert texts.reason_title("defective", "en") == "Something else"
    assert texts.resolution_title("refund", "en") == "refund"
    assert texts.reason_from_title("Too small") is None and "defective" not in texts.REASON_CODES
    assert texts.REASON_TITLES.get("defective", "other") == "other"
    # The words for reasons in free text are the service's too: without them only the NLU model's
    # reason entities and the buttons' payloads name a reason, and the form offers no reason buttons.
    assert reason_named("it arrived broken") is None and reasons_named("坏了，也太小") == []
    assert texts.common_reasons() == ()


# --- words for reasons in free text, and the form's buttons ---------------------------------------
SERVED_WORDS = Vocabulary.from_documents(
    {
        "en": {
            **PARTIAL_EN,
            "reason_words": [
                {"code": "defective", "words": ["kaput", "broken"]},
                {"code": "lost_interest", "words": ["bored of it", "broken"]},
            ],
            "common_reasons": ["lost_interest", "other"],
        },
        "zh": {**PARTIAL_ZH, "reason_words": [{"code": "lost_interest", "words": ["腻了"]}]},
    }
)


def test_the_served_words_and_buttons_drive_the_actions(kept, dispatcher):
    kept(SERVED_WORDS)
    assert reason_named("It's KAPUT") == "defective" and reason_named("腻了") == "lost_interest"
    assert reason_named("it arrived damaged") is None  # a word the service no longer serves
    # The served order is the precedence: "broken" is the first code's, so one reason, not two.
    assert reasons_named("broken, and I'm bored of it") == ["defective", "lost_interest"]
    assert reasons_named("it's broken") == ["defective"]

    item = {"line_no": 1, "name": "Mug", "returnable_quantity": 1, "eligible": True, "eligible_reasons": []}
    run(AskReason().run(dispatcher, tracker({"language": "en", "returnable_items": [item], "line_no": "1"}), {}))
    payloads = [button["payload"] for message in dispatcher.messages for button in message.get("buttons") or []]
    assert payloads[:2] == ['/inform{"reason": "lost_interest"}', '/inform{"reason": "other"}']
