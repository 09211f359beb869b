"""A local mail server for development: it accepts every message and saves it as an .eml file.

`make run` starts it (scripts/run.sh) and points the service's SMTP settings at it, so a fresh
clone sends its notifications somewhere readable (the console's "Outbox mail" page) instead of
logging "mail server could not be reached" on a loop. It delivers nothing anywhere.

    python -m returndesk.mail.sink [--host 127.0.0.1] [--port 1025] [--dir var/mail]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import uuid
from datetime import UTC, datetime
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from ..config import get_settings

# Far above any notification or ticket the service sends; anything bigger is refused by the
# server itself (552) before it is written, so a stray client cannot fill the disk in one go.
MAX_MESSAGE_BYTES = 2 * 1024 * 1024


def saved_name(now: datetime) -> str:
    """Sortable by arrival, unique, and only [0-9A-Za-z-]: the console reads files by this name."""
    return f"{now:%Y%m%dT%H%M%S%f}Z-{uuid.uuid4().hex[:12]}.eml"


class SavingHandler:
    """aiosmtpd's handler: each message as one file, written whole before it appears (rename)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # aiosmtpd's name
        content = envelope.original_content or b""
        final = self.folder / saved_name(datetime.now(UTC))
        partial = final.with_suffix(".part")
        partial.write_bytes(content)
        os.replace(partial, final)  # the console never reads half a message
        return "250 Message saved"


def start_sink(folder: Path, host: str, port: int) -> Controller:
    controller = Controller(SavingHandler(folder), hostname=host, port=port, data_size_limit=MAX_MESSAGE_BYTES)
    controller.start()
    return controller


def main(argv: list[str] | None = None) -> None:
    settings = get_settings()
    parser = argparse.ArgumentParser(description="Save every email sent to this SMTP server under a folder.")
    parser.add_argument("--host", default=settings.smtp_host)
    parser.add_argument("--port", type=int, default=settings.smtp_port)
    parser.add_argument("--dir", type=Path, default=settings.mail_sink_dir, help="where the .eml files go")
    args = parser.parse_args(argv)
    controller = start_sink(args.dir, args.host, args.port)
    print(f"mail sink: saving mail sent to {args.host}:{args.port} under {args.dir}", flush=True)
    try:
        asyncio.run(_forever())
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


async def _forever() -> None:
    await asyncio.Event().wait()


if __name__ == "__main__":
    main()
