"""The Rasa server as ReturnDesk runs it: Rasa's own command line, with its hot path fixed.

    python -m bot.server run --model models/returndesk.tar.gz --endpoints endpoints.yml ...

Takes exactly `rasa`'s arguments (scripts/run.sh, tests/stack.py). Before handing over to Rasa's
`main`, it fixes one cost Rasa 3.6 pays on every call to the action server:

- Rasa checks each answer of the action server against a JSON schema with
  `jsonschema.validate`, which first checks the schema itself against the JSON Schema
  meta-schema, and then the answer, on every call. With three calls in a customer message that
  was ~90 ms of a ~220 ms turn (`make bench-turn`, bench/results/turn.md). Here the schema is
  compiled once; an answer that passes is accepted exactly as before, and one that fails goes
  to Rasa's own check, which raises Rasa's own error.

And it keeps NumPy's BLAS to one thread. The sentence encoder of the NLU (bot/nlu/) multiplies
matrices of a dozen word pieces by 384 units; a second BLAS thread only waits for the first, and
on two cores it takes one from the next message: encoding a message took about half the time with
one thread, measured interleaved on a busy machine (bench/results/turn.md has the whole turn).
"""

from __future__ import annotations

import functools
import sys
from typing import Any

from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from threadpoolctl import threadpool_limits


def check_answers_with_a_compiled_schema() -> None:
    schema = RemoteAction.action_response_format_spec()
    validator = validator_for(schema)(schema)
    rasas_own_check = RemoteAction._validate_action_result

    @functools.wraps(rasas_own_check)
    def validate(self: RemoteAction, result: dict[str, Any]) -> bool:
        return validator.is_valid(result) or rasas_own_check(self, result)

    RemoteAction._validate_action_result = validate  # type: ignore[method-assign]


def tune() -> None:
    """Everything this module changes, before Rasa starts (bench/turn_probe.py applies it too)."""
    check_answers_with_a_compiled_schema()
    threadpool_limits(limits=1, user_api="blas")


def main() -> None:
    tune()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *sys.argv[1:]]
    rasa_main()


if __name__ == "__main__":
    main()
