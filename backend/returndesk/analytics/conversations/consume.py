"""Brings Rasa's conversation events into the service, for the conversation metrics.

    python -m returndesk.analytics.conversations.consume --once          # what is waiting, then exit
    python -m returndesk.analytics.conversations.consume --interval 5    # keep following (scripts/run.sh)

The source is RabbitMQ when RETURNDESK_RABBITMQ_URL is set (production: endpoints.production.yml),
else Rasa's SQL event broker file (RETURNDESK_RASA_EVENTS_URL, default var/rasa-events.sqlite3, the
embedded setup of endpoints.yml). Safe to stop at any time and to run again: see sources.py.
"""

from __future__ import annotations

import argparse
import logging
import os

from ...db import get_sessionmaker
from .sources import DEFAULT_QUEUE, DEFAULT_SQL_BROKER_URL, PikaSource, SqlBrokerSource

logger = logging.getLogger("returndesk.analytics.conversations")


def make_source(args: argparse.Namespace) -> PikaSource | SqlBrokerSource:
    if args.rabbitmq_url:
        return PikaSource(args.rabbitmq_url, args.queue)
    return SqlBrokerSource(args.sql_broker_url)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--once", action="store_true", help="read what is waiting, then exit")
    parser.add_argument("--interval", type=float, default=5.0, help="seconds between passes (default 5)")
    parser.add_argument("--rabbitmq-url", default=os.environ.get("RETURNDESK_RABBITMQ_URL"))
    parser.add_argument("--queue", default=os.environ.get("RETURNDESK_RABBITMQ_QUEUE", DEFAULT_QUEUE))
    events_url = os.environ.get("RETURNDESK_RASA_EVENTS_URL", DEFAULT_SQL_BROKER_URL)
    parser.add_argument("--sql-broker-url", default=events_url, help="Rasa's SQL event broker database")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logging.getLogger("pika").setLevel(logging.WARNING)  # every connection step at INFO otherwise
    source, sessions = make_source(args), get_sessionmaker()
    try:
        while True:
            read = source.drain(sessions)
            if read:
                logger.info("read %d conversation events", read)
            if args.once:
                return
            source.pause(args.interval)
    except KeyboardInterrupt:
        pass
    finally:
        if isinstance(source, PikaSource):
            source.close()


if __name__ == "__main__":
    main()
