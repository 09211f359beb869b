"""Reading the mail sink's folder: a list of the newest messages, and one message's text.

Only files the sink wrote are read: the id must look like one of its names (letters, digits,
hyphens), and the path it names must sit directly in the folder, so no id can reach another file.
Headers come from the first bytes of each file and bodies only from files under the sink's size
limit, so a folder full of large files cannot make a listing slow or a page huge.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesHeaderParser, BytesParser
from pathlib import Path

from ..errors import AppError, NotFound
from ..mail.sink import MAX_MESSAGE_BYTES
from .schemas import SentMail, SentMailList, SentMailSummary

MAX_LISTED = 200
HEADER_BYTES = 64 * 1024
ID_PATTERN = r"^[0-9A-Za-z-]{1,64}$"
_ID = re.compile(ID_PATTERN)


class SentMailTooLarge(AppError):
    status = 413
    title = "Message too large"


def list_sent_mail(folder: Path, limit: int = MAX_LISTED) -> SentMailList:
    files = _saved_files(folder)
    newest = sorted(files, key=lambda path: path.name, reverse=True)[:limit]
    return SentMailList(messages=[_summary(path, _headers(path)) for path in newest], total=len(files))


def read_sent_mail(folder: Path, mail_id: str) -> SentMail:
    path = _path_of(folder, mail_id)
    size = path.stat().st_size
    if size > MAX_MESSAGE_BYTES:
        raise SentMailTooLarge(
            f"message {mail_id} is {size} bytes, above the {MAX_MESSAGE_BYTES} the console shows; open the file itself"
        )
    with path.open("rb") as handle:
        message = BytesParser(policy=policy.default).parse(handle)
    plain = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    return SentMail(
        **_summary(path, message).model_dump(),
        reply_to=_header(message, "Reply-To") or None,
        message_id=_header(message, "Message-ID") or None,
        text=plain.get_content() if isinstance(plain, EmailMessage) else "",
        has_html=html is not None,
        attachments=[part.get_filename() or "(unnamed)" for part in message.iter_attachments()],
    )


def _saved_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return [path for path in folder.iterdir() if path.suffix == ".eml" and _ID.match(path.stem) and path.is_file()]


def _path_of(folder: Path, mail_id: str) -> Path:
    path = folder / f"{mail_id}.eml"
    # The pattern already rules out "/" and "..": this is the second lock on the same door.
    if not _ID.match(mail_id) or path.resolve().parent != folder.resolve() or not path.is_file():
        raise NotFound(f"there is no saved message {mail_id}; pick one from the Outbox mail list")
    return path


def _headers(path: Path) -> EmailMessage:
    with path.open("rb") as handle:
        head = handle.read(HEADER_BYTES)
    return BytesHeaderParser(policy=policy.default).parsebytes(head)


def _header(message: EmailMessage, name: str) -> str:
    try:
        return str(message.get(name, "") or "")
    except (ValueError, IndexError):  # a malformed header: shown as missing rather than failing the list
        return ""


def _summary(path: Path, message: EmailMessage) -> SentMailSummary:
    stat = path.stat()
    return SentMailSummary(
        id=path.stem,
        received_at=datetime.fromtimestamp(stat.st_mtime, UTC),
        sender=_header(message, "From"),
        to=_header(message, "To"),
        subject=_header(message, "Subject"),
        size_bytes=stat.st_size,
    )
