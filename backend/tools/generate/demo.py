"""The demo's analytics history, once per database: `python -m tools.generate.demo` (`make seed`
runs it after `python -m returndesk.demo.seed`).

Months of generated orders and returns behind the analytics dashboard (orders H-…, customers
@history.example): separate from the demo's ready-to-try orders, which it never touches. A second
`make seed` finds the history and leaves it.
"""

from __future__ import annotations

from returndesk.db import get_engine

from .run import HistoryAlreadyGenerated, default_end, generate

ANALYTICS_HISTORY_ORDERS = 3000
ANALYTICS_HISTORY_SEED = 7


def seed_analytics_history() -> None:
    try:
        summary = generate(
            get_engine(), orders=ANALYTICS_HISTORY_ORDERS, seed=ANALYTICS_HISTORY_SEED, end=default_end()
        )
    except HistoryAlreadyGenerated:
        print("analytics history: already present, left as is")
        return
    print(f"analytics history: {summary.orders} orders and {summary.rows['rmas']} returns generated")


if __name__ == "__main__":
    seed_analytics_history()
