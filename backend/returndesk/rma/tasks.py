"""The closing pass: resolved returns whose money arrived and whose customer was told close.

The notification worker runs a pass after each round, because the "refunded" or "exchange
shipped" message is usually the last thing to happen; ``python -m returndesk.rma.tasks --once``
runs one pass alone.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable

from sqlalchemy.orm import Session

from ..db import transaction
from ..errors import Conflict
from . import repository
from .service import close

log = logging.getLogger(__name__)

CLOSER = "system:closing"


def close_finished(sessions: Callable[[], Session]) -> list[str]:
    """One closing pass; each return in its own transaction, so one conflict stops no other."""
    with transaction(sessions) as session:
        ids = [rma.id for rma in repository.finished_returns(session)]
    closed: list[str] = []
    for rma_id in ids:
        number = None
        try:
            with transaction(sessions) as session:
                rma = repository.rma_by_id(session, rma_id)
                if rma is None:
                    continue
                number = rma.number
                close(session, rma, actor=CLOSER, why="Settled and the customer told")
        except Conflict as exc:  # closed by a person or changed meanwhile: nothing to do
            log.info("return %s not closed: %s", number, exc.detail)
            continue
        closed.append(number)
    return closed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m returndesk.rma.tasks", description=__doc__.split("\n")[0])
    parser.add_argument("--once", action="store_true", help="one closing pass, then exit (the default)")
    parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    from ..db import get_sessionmaker

    closed = close_finished(get_sessionmaker())
    log.info("closing pass: %d closed %s", len(closed), " ".join(closed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
