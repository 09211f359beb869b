"""`python -m tools.carrier_standin --port 8030 --webhook-url http://127.0.0.1:8000/api/v1/carrier/events`"""

from __future__ import annotations

import argparse
import contextlib
import signal
import threading

from returndesk.config import get_settings

from .server import CarrierStandin


def main() -> None:
    settings = get_settings()  # the service's own key and secret (environment or .env), so the two agree
    parser = argparse.ArgumentParser(description="A stand-in parcel carrier (Parcel API) on loopback")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8030)
    parser.add_argument("--api-key", default=settings.carrier_api_key)
    parser.add_argument("--webhook-url", default="", help="Where tracking events are pushed (none: not pushed)")
    parser.add_argument("--webhook-secret", default=settings.carrier_webhook_secret)
    args = parser.parse_args()
    standin = CarrierStandin(
        api_key=args.api_key, webhook_url=args.webhook_url or None, webhook_secret=args.webhook_secret
    )
    standin.start(host=args.host, port=args.port)
    print(f"carrier stand-in (Parcel API) on {standin.url}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C in a terminal: stop like SIGTERM
        stop.wait()
    standin.stop()


if __name__ == "__main__":
    main()
