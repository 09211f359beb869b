"""Closed-loop chat load: N threads, each holding one conversation at a time.

A conversation is a script of messages sent one after another, each as soon as the previous
answer arrived (a customer who reads instantly), so `concurrency` conversations are in flight.
A cell is bounded by a conversation count AND a wall-clock limit: no new conversation starts
after the deadline, but one already started is finished, so every timed message belongs to a
conversation that was meant to complete (its own HTTP timeouts bound that tail).

This runs in the Rasa venv (Python 3.10, no httpx), so it does not share bench/load.py.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from .stats import percentile

# record(milliseconds) is called once per message round trip that got a 200 answer.
Record = Callable[[float], None]
# converse(conversation number, record) runs one whole conversation; raises if it went wrong.
Converse = Callable[[int, Record], None]


@dataclass
class ChatResult:
    concurrency: int
    conversations_ok: int = 0
    conversations_failed: int = 0
    elapsed_s: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)  # exception class / first words -> count
    first_error: str | None = None  # one full message, to tell what went wrong

    @property
    def messages(self) -> int:
        return len(self.latencies_ms)

    @property
    def messages_per_s(self) -> float:
        return self.messages / self.elapsed_s if self.elapsed_s else 0.0

    def percentile(self, p: float) -> float | None:
        return percentile(self.latencies_ms, p)


def run_conversations(
    converse: Converse, *, concurrency: int, max_conversations: int, max_seconds: float
) -> ChatResult:
    result = ChatResult(concurrency=concurrency)
    lock = threading.Lock()
    issued = 0
    started = time.perf_counter()
    deadline = started + max_seconds

    def take_ticket() -> int | None:
        nonlocal issued
        with lock:
            if issued >= max_conversations or time.perf_counter() >= deadline:
                return None
            issued += 1
            return issued

    def worker() -> None:
        latencies: list[float] = []
        while (number := take_ticket()) is not None:
            try:
                converse(number, latencies.append)
            except Exception as error:  # a failed conversation is a result, not a crash
                with lock:
                    result.conversations_failed += 1
                    result.errors[type(error).__name__] += 1
                    result.first_error = result.first_error or f"{type(error).__name__}: {error}"[:2000]
                continue
            with lock:
                result.conversations_ok += 1
        with lock:
            result.latencies_ms.extend(latencies)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max_seconds + 300)  # a conversation started just before the deadline
    result.elapsed_s = time.perf_counter() - started
    return result
