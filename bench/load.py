"""A closed-loop load generator: N worker threads, one `httpx.Client` (keep-alive) each.

Closed loop means each worker sends its next request as soon as the previous answer arrives,
so `concurrency` is the number of requests in flight. Every run is bounded by a request count
AND a wall-clock limit, whichever comes first, so a slow cell can never stall `make bench`.

The clients share the machine's cores with the server: what one request costs the load
generator is CPU the service does not get. That is why results are also reported as ratios to
a baseline endpoint measured the same way in the same run, and as server CPU per request.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from .stats import percentile

# (client, worker index, request sequence number) -> response
Request = Callable[[httpx.Client, int, int], httpx.Response]
Check = Callable[[httpx.Response], bool]


@dataclass
class LoadResult:
    concurrency: int
    n: int = 0  # requests completed (any outcome)
    elapsed_s: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)  # successful requests only
    errors: Counter = field(default_factory=Counter)  # "status 409" / "ConnectError" -> count
    responses: list[httpx.Response] = field(default_factory=list)  # only when keep_responses

    @property
    def ok(self) -> int:
        return len(self.latencies_ms)

    @property
    def rps(self) -> float:
        return self.ok / self.elapsed_s if self.elapsed_s else 0.0

    def percentile(self, p: float) -> float | None:
        return percentile(self.latencies_ms, p)


def run_load(
    base_url: str,
    request: Request,
    *,
    concurrency: int,
    max_requests: int,
    max_seconds: float,
    ok: Check = lambda r: r.status_code < 300,
    keep_responses: bool = False,
    start_together: bool = False,
) -> LoadResult:
    result = LoadResult(concurrency=concurrency)
    lock = threading.Lock()
    issued = 0
    started = deadline = 0.0

    def start_clock() -> None:  # runs once, when the last worker reaches the barrier
        nonlocal started, deadline
        started = time.perf_counter()
        deadline = started + max_seconds

    # Workers connect first, then all start at once: connection set-up is not part of the run.
    ready = threading.Barrier(concurrency, action=start_clock)

    def take_ticket() -> int | None:
        nonlocal issued
        with lock:
            if issued >= max_requests or time.perf_counter() >= deadline:
                return None
            issued += 1
            return issued

    def worker(index: int) -> None:
        latencies, errors, responses = [], Counter(), []
        with httpx.Client(
            base_url=base_url, timeout=60.0, limits=httpx.Limits(max_connections=1, max_keepalive_connections=1)
        ) as client:
            with contextlib.suppress(httpx.TransportError):
                client.get("/healthz")  # open the keep-alive connection before the clock starts
            ready.wait()
            while (sequence := take_ticket()) is not None:
                sent = time.perf_counter()
                try:
                    response = request(client, index, sequence)
                except httpx.HTTPError as exc:
                    errors[type(exc).__name__] += 1
                    continue
                took_ms = (time.perf_counter() - sent) * 1000
                if ok(response):
                    latencies.append(took_ms)
                else:
                    errors[f"status {response.status_code}"] += 1
                if keep_responses:
                    responses.append(response)
                if start_together:
                    break  # one shot per worker
        with lock:
            result.latencies_ms.extend(latencies)
            result.errors.update(errors)
            result.responses.extend(responses)

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max_seconds + 120)  # a request in flight may finish after the deadline
    result.elapsed_s = time.perf_counter() - started
    result.n = result.ok + sum(result.errors.values())
    return result
