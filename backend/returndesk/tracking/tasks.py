"""Poll the carrier for the tracking events of parcels still on their way.

The webhook (endpoints.py) is how events usually arrive; this pass catches what it missed (our
service down when the carrier pushed, a carrier that gives up re-sending). Each parcel is asked in
its own transaction, so one carrier error costs one parcel's turn, not the pass.

    python -m returndesk.tracking.tasks --once          # one pass
    python -m returndesk.tracking.tasks --interval 300  # a pass every five minutes
"""

from __future__ import annotations

import argparse
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..authority.current import get_authority
from ..carrier import Carrier, CarrierRefused, CarrierUnavailable, get_carrier
from ..db import get_sessionmaker, transaction
from ..models import Shipment
from ..payment.tasks import send
from ..payment_provider import PaymentProvider, get_payment_provider
from ..policy.current import get_policy
from . import repository
from .service import take_event

log = logging.getLogger(__name__)


@dataclass
class Polled:
    parcels: int = 0
    events: int = 0  # new ones: seen for the first time in this pass
    failed: int = 0


def poll_tracking(sessions: Callable[[], Session], carrier: Carrier, provider: PaymentProvider) -> Polled:
    """Ask `carrier` about every undelivered parcel it booked, and take the events not seen yet."""
    done = Polled()
    with transaction(sessions) as session:
        waiting = [(s.id, s.tracking_number) for s in repository.undelivered(session) if s.carrier == carrier.name]
    for shipment_id, tracking_number in waiting:
        done.parcels += 1
        try:
            events = carrier.track(tracking_number)
        except (CarrierUnavailable, CarrierRefused) as exc:
            log.warning("tracking %s: %s", tracking_number, exc)
            done.failed += 1
            continue
        to_send = []
        with transaction(sessions) as session:
            shipment = session.get(Shipment, shipment_id)
            assert shipment is not None
            for event in events:
                taken = take_event(
                    session, shipment, event, policy=get_policy(), matrix=get_authority(), provider=provider
                )
                done.events += not taken.duplicate
                to_send += taken.to_send
        if to_send:  # committed: now the provider may be asked
            send(sessions, provider, to_send)
    return done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--once", action="store_true")
    parser.add_argument("--interval", type=float, default=300)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    carrier = get_carrier()
    if carrier is None:
        log.info("no carrier configured (RETURNDESK_CARRIER=none): nothing to track")
        return
    while True:
        done = poll_tracking(get_sessionmaker(), carrier, get_payment_provider())
        log.info("tracking: %d parcel(s) asked, %d new event(s), %d failed", done.parcels, done.events, done.failed)
        if args.once:
            return
        time.sleep(args.interval)


if __name__ == "__main__":
    main()
