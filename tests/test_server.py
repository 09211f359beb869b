"""bot/server.py: Rasa's check of the action server's answers, with the schema compiled once."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from bot.server import check_answers_with_a_compiled_schema

VALID = {"events": [{"event": "slot", "name": "language", "value": "zh"}], "responses": [{"text": "好的"}]}
INVALID = [{"events": "not a list"}, {"events": [{"event": "slot", "name": 7}]}, {"responses": [3]}]


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> RemoteAction:
    # Rasa's own check is put back after the test.
    monkeypatch.setattr(RemoteAction, "_validate_action_result", RemoteAction._validate_action_result)
    check_answers_with_a_compiled_schema()
    return RemoteAction("action_anything", None)


def test_a_valid_answer_is_accepted(compiled: RemoteAction) -> None:
    assert compiled._validate_action_result(VALID) is True


@pytest.mark.parametrize("answer", INVALID)
def test_an_invalid_answer_raises_rasas_own_error(compiled: RemoteAction, answer: dict) -> None:
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        compiled._validate_action_result(answer)


@pytest.mark.parametrize("answer", [VALID, *INVALID])
def test_the_compiled_check_agrees_with_rasas(compiled: RemoteAction, answer: dict) -> None:
    rasas = RemoteAction("action_anything", None)
    try:
        RemoteAction.__dict__["_validate_action_result"].__wrapped__(rasas, answer)
        rasa_says = True
    except ValidationError:
        rasa_says = False
    try:
        ours = compiled._validate_action_result(answer)
    except ValidationError:
        ours = False
    assert ours == rasa_says
