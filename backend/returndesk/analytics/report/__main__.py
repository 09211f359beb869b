"""`python -m returndesk.analytics.report --from 2026-06-01 --to 2026-11-26 --format md|html --out FILE
[--email ops@example.com]`: the report for orders placed in the range; `--email` queues it in the
notification outbox for the notification worker to send."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pydantic import EmailStr, TypeAdapter, ValidationError

from ...config import get_settings
from ...db import transaction
from ...errors import AppError
from ...policy.current import get_policy
from ..filters import make_filter
from .build import build_report
from .email import queue_report_email
from .render import render

_EMAIL = TypeAdapter(EmailStr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m returndesk.analytics.report", description=__doc__)
    parser.add_argument("--from", dest="date_from", help="first order date, YYYY-MM-DD (default: 90 days ago)")
    parser.add_argument("--to", dest="date_to", help="last order date, inclusive (default: today)")
    parser.add_argument("--format", choices=("md", "html"), default="md")
    parser.add_argument("--out", type=Path, help="file to write (default: standard output)")
    parser.add_argument("--email", action="append", default=[], help="also email it to this address (repeatable)")
    args = parser.parse_args(argv)
    try:
        scope = make_filter(args.date_from, args.date_to, None)
        recipients = [_EMAIL.validate_python(address) for address in args.email]
    except AppError as exc:
        parser.error(exc.detail)
    except ValidationError:
        parser.error(f"--email needs email addresses like ops@example.com; got {', '.join(args.email)}")
    settings = get_settings()
    with transaction() as session:
        report = build_report(session, scope, currency=get_policy().currency, public_url=settings.public_url)
        for recipient in recipients:
            queue_report_email(session, report, recipient)
    text = render(report, args.format)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print(f"report written to {args.out}: {len(report.findings)} findings", file=sys.stderr)
    else:
        sys.stdout.write(text)
    if recipients:
        print(f"report queued for {', '.join(recipients)}; the notification worker sends it", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
