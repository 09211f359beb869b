"""Keep N cores busy until stopped: the load under which `make test-under-load` runs the browser suites.

    python3 tests/cpu_burner.py --cores 2 &   # ... then kill its pid (SIGTERM or SIGINT)

One process per core spins on arithmetic (no I/O, no memory growth). The workers stop with the
parent: on SIGTERM/SIGINT it ends them, and each also stops by itself once its parent is gone
(killed with SIGKILL) or after --max-seconds, so a forgotten burner cannot outlive a test run
for long. Standard library only: any python3 runs it.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from multiprocessing import Process

CHECK_EVERY = 200_000  # spins between looks at the parent and the clock (~10-50 ms)


def spin(parent: int, deadline: float) -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C in a terminal reaches the workers too
    value = 1
    while True:
        for _ in range(CHECK_EVERY):
            value = (value * 7919 + 1) % 1_000_003
        if os.getppid() != parent or time.monotonic() > deadline:
            return


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cores", type=int, default=os.cpu_count() or 1, help="processes to keep busy")
    parser.add_argument("--max-seconds", type=float, default=3 * 3600, help="stop by itself after this long")
    args = parser.parse_args(argv)
    if args.cores < 1:
        parser.error("--cores must be at least 1")

    deadline = time.monotonic() + args.max_seconds
    workers = [Process(target=spin, args=(os.getpid(), deadline), daemon=True) for _ in range(args.cores)]
    for worker in workers:
        worker.start()

    def stop(signum: int, _frame: object) -> None:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.join(5)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"cpu_burner: {args.cores} busy process(es), pid {os.getpid()}; stop with kill {os.getpid()}", flush=True)
    for worker in workers:
        worker.join()  # returns at the deadline (or if a worker dies); signals interrupt it
    return 0


if __name__ == "__main__":
    sys.exit(main())
