"""`python -m tools.generate --orders 3000 --seed 7 [--database-url URL] [--end-date D]
[--append]`, or `--return-lines 1000000` for the bench's scale (about that many return lines)."""

from __future__ import annotations

import argparse
import math
import sys
import time
from datetime import date

from returndesk.config import get_settings
from returndesk.db import make_engine

from .run import HistoryAlreadyGenerated, default_end, generate

# Return lines per generated order at the profile's rates (measured over several seeds): turns
# --return-lines into a number of orders.
RETURN_LINES_PER_ORDER = 0.215


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.generate", description=__doc__)
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--orders", type=int, default=3000, help="orders to generate (default 3000)")
    size.add_argument("--return-lines", type=int, help="scale mode: generate about this many return lines")
    parser.add_argument("--seed", type=int, default=7, help="same seed, end date and size: same data")
    parser.add_argument("--end-date", type=date.fromisoformat, default=None, help="last day of history (UTC today)")
    parser.add_argument("--database-url", help="defaults to the service's RETURNDESK_DATABASE_URL")
    parser.add_argument("--append", action="store_true", help="add to generated history already there")
    args = parser.parse_args(argv)
    orders = math.ceil(args.return_lines / RETURN_LINES_PER_ORDER) if args.return_lines else args.orders
    if orders < 1:
        parser.error("--orders / --return-lines must be at least 1")
    engine = make_engine(args.database_url or get_settings().database_url)
    started = time.monotonic()

    def progress(done: int, total: int, summary) -> None:
        print(f"  {done}/{total} orders, {summary.rows['rma_lines']} return lines, "
              f"{time.monotonic() - started:.0f} s", file=sys.stderr)  # fmt: skip

    try:
        summary = generate(engine, orders=orders, seed=args.seed, end=args.end_date or default_end(),
                           append=args.append, progress=progress)  # fmt: skip
    except HistoryAlreadyGenerated as exc:
        print(f"not generated: {exc.detail}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    counts = ", ".join(f"{name} {count}" for name, count in summary.rows.items())
    print(f"generated in {time.monotonic() - started:.1f} s: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
