"""Runs `rasa` with timers on the parts of a chat turn, for `make bench-turn` (bench/turn_profile.py).

    python -m bench.turn_probe --records DIR run --model ...                 # a Rasa server (bot/server.py)
    python -m bench.turn_probe --records DIR run actions --actions actions   # the action server

In a Rasa server it times, per customer message, what the message processor spends in NLU, in
policy predictions, in the tracker store, in the event broker, in rendering responses and in
calls to the action server (with the size of each request body, which carries the whole tracker
and, unless the action endpoint is selective, the whole domain); when the message is handled it
appends one JSON line to DIR/rasa-turns.jsonl. In an action server it appends one line per call to the returns service
(method, path, milliseconds) to DIR/service-calls.jsonl. The wrappers only measure: what runs is the stock command.

The timers are process-wide, so the profile sends one message at a time.
"""

from __future__ import annotations

import argparse
import functools
import inspect
import json
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

TURNS_FILE, SERVICE_CALLS_FILE = "rasa-turns.jsonl", "service-calls.jsonl"

_lock = threading.Lock()
_spent: defaultdict[str, float] = defaultdict(float)
_calls: Counter[str] = Counter()
_payload_bytes: list[int] = []
_open: Counter[str] = Counter()  # the timed parts running now, to tell nested time apart


def _timed(owner: type, name: str, part: str, *, per_call: bool = False) -> None:
    """Wrap owner.name (sync or async) so its wall time adds to `part`."""
    original = getattr(owner, name)

    def note(began: float, args: tuple[Any, ...]) -> None:
        took = time.perf_counter() - began
        _spent[part] += took
        _calls[part] += 1
        if per_call and len(args) > 0:
            _calls[f"{part}: {args[0].name()}"] += 1
        for outer in +_open:  # e.g. the action server called while slots are extracted
            if outer != part:
                _spent[f"{part} within {outer}"] += took

    if inspect.iscoroutinefunction(original):

        @functools.wraps(original)
        async def timed_async(*args: Any, **kwargs: Any) -> Any:
            began = time.perf_counter()
            _open[part] += 1
            try:
                return await original(*args, **kwargs)
            finally:
                _open[part] -= 1
                note(began, args)

        setattr(owner, name, timed_async)
    else:

        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            began = time.perf_counter()
            _open[part] += 1
            try:
                return original(*args, **kwargs)
            finally:
                _open[part] -= 1
                note(began, args)

        setattr(owner, name, timed)


def probe_rasa_server(record: Path) -> None:
    from rasa.core.actions.action import RemoteAction
    from rasa.core.brokers.sql import SQLEventBroker
    from rasa.core.processor import MessageProcessor
    from rasa.core.tracker_store import SQLTrackerStore

    from bot.nlg import CatalogueNLG

    _timed(MessageProcessor, "parse_message", "nlu")
    _timed(MessageProcessor, "_predict_next_with_tracker", "policies")
    _timed(MessageProcessor, "run_action_extract_slots", "slot extraction")
    _timed(SQLTrackerStore, "retrieve", "tracker store")
    _timed(SQLTrackerStore, "retrieve_full_tracker", "tracker store")
    _timed(SQLTrackerStore, "save", "tracker store")
    _timed(SQLEventBroker, "publish", "event broker")
    _timed(CatalogueNLG, "generate", "responses")
    _timed(RemoteAction, "run", "action server", per_call=True)
    _timed(RemoteAction, "_validate_action_result", "checking answers")

    serialise = RemoteAction._action_call_format

    @functools.wraps(serialise)
    def measured_format(self: RemoteAction, tracker: Any, domain: Any) -> dict[str, Any]:
        body = serialise(self, tracker, domain)
        _payload_bytes.append(len(json.dumps(body)))
        return body

    RemoteAction._action_call_format = measured_format  # type: ignore[method-assign]

    handle = MessageProcessor.handle_message

    @functools.wraps(handle)
    async def handle_and_record(self: MessageProcessor, message: Any) -> Any:
        with _lock:
            _spent.clear()
            _calls.clear()
            _payload_bytes.clear()
            _open.clear()
        began = time.perf_counter()
        try:
            return await handle(self, message)
        finally:
            line = {
                "sender": message.sender_id,
                "total_ms": (time.perf_counter() - began) * 1000,
                "ms": {part: seconds * 1000 for part, seconds in _spent.items()},
                "calls": dict(_calls),
                "payload_bytes": list(_payload_bytes),
            }
            with record.open("a") as out:
                out.write(json.dumps(line) + "\n")

    MessageProcessor.handle_message = handle_and_record  # type: ignore[method-assign]


def probe_action_server(record: Path) -> None:
    import requests
    from rasa_sdk.executor import ActionExecutor

    run = ActionExecutor.run

    @functools.wraps(run)
    async def run_and_record(self: ActionExecutor, action_call: dict[str, Any]) -> Any:
        began = time.perf_counter()
        try:
            return await run(self, action_call)
        finally:
            line = {"action": action_call.get("next_action"), "ms": (time.perf_counter() - began) * 1000}
            with _lock, record.open("a") as out:
                out.write(json.dumps(line) + "\n")

    ActionExecutor.run = run_and_record  # type: ignore[method-assign]

    send = requests.Session.request

    @functools.wraps(send)
    def request_and_record(self: requests.Session, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        began = time.perf_counter()
        try:
            return send(self, method, url, *args, **kwargs)
        finally:
            path = url.split("/api/v1", 1)[-1].split("?", 1)[0]
            line = {"method": method, "path": path, "ms": (time.perf_counter() - began) * 1000}
            with _lock, record.open("a") as out:
                out.write(json.dumps(line) + "\n")

    requests.Session.request = request_and_record  # type: ignore[method-assign]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--records", type=Path, required=True, help="the folder the JSON lines go to")
    options, rasa_args = parser.parse_known_args()
    if rasa_args[:2] == ["run", "actions"]:
        probe_action_server(options.records / SERVICE_CALLS_FILE)
    else:  # the Rasa server as scripts/run.sh starts it (bot/server.py), its fixes under the timers
        from bot.server import tune

        tune()
        probe_rasa_server(options.records / TURNS_FILE)
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *rasa_args]
    rasa_main()


if __name__ == "__main__":
    main()
