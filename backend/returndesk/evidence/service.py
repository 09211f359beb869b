"""Accepting evidence, finding its fraud signals, and attaching it to returns.

Order of work for an upload: size, type by content, decode and re-encode (all in memory),
then storage, then the row. Every refusal happens before anything is stored.
"""

from __future__ import annotations

import os
import secrets
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..errors import InvalidInput, NotFound
from ..models import CatalogueImageHash, Evidence, Order
from . import repository
from .errors import NOT_READABLE, FileTooLarge, UnsupportedFile
from .hashing import NEAR_DISTANCE, bands, distance, to_signed
from .images import HINT_TEXT, process_photo
from .sniff import Sniffed, sniff
from .storage import EvidenceStorage
from .videos import process_video

MB = 1024 * 1024
MAX_PHOTO_BYTES = 15 * MB
MAX_VIDEO_BYTES = 50 * MB
MAX_UPLOAD_BYTES = MAX_VIDEO_BYTES
TOO_LARGE = f"Videos must be under {MAX_VIDEO_BYTES // MB} MB and photos under {MAX_PHOTO_BYTES // MB} MB."
PROCESSING_SLOTS = threading.BoundedSemaphore(max(2, len(os.sched_getaffinity(0))))

FLAG_DUPLICATE = "duplicate_photo"  # near-same photo in another conversation's / customer's evidence
FLAG_CATALOGUE = "catalogue_image"  # near-same as a product's catalogue picture
RISK_FLAGS = frozenset({FLAG_DUPLICATE, FLAG_CATALOGUE})
# Accepted whatever the policy asks for, so a policy without evidence rules still takes photos.
ALWAYS_ACCEPTED_KINDS = frozenset({"photo_damage", "photo_item"})


class EvidenceNotFound(NotFound):
    pass


class EvidenceNotUsable(InvalidInput):
    title = "Evidence not usable"


@dataclass
class Prepared:
    media_type: str
    file: bytes
    thumbnail: bytes
    width: int
    height: int
    duration_seconds: float | None
    phash: int | None
    hints: list[str]


def prepare(data: bytes) -> Prepared:
    """Check and clean one upload, in memory; raises a customer-readable refusal."""
    # A 12 MP photo takes ~0.4 s of CPU and ~150 MB while decoded: more at once than there are
    # cores only adds memory, so the rest of the thread pool's uploads wait their turn here.
    with PROCESSING_SLOTS:
        return _prepare(data)


def _prepare(data: bytes) -> Prepared:
    if len(data) > MAX_UPLOAD_BYTES:
        raise FileTooLarge(TOO_LARGE)
    if not data:
        raise UnsupportedFile("That file is empty; please send the photo again.")
    kind = sniff(data[:64])
    if kind is Sniffed.UNKNOWN:
        raise UnsupportedFile(NOT_READABLE)
    if kind is Sniffed.VIDEO:
        video = process_video(data)
        return Prepared(
            "video/mp4", video.mp4, video.thumbnail, video.width, video.height, video.duration_seconds, None, []
        )
    if len(data) > MAX_PHOTO_BYTES:
        raise FileTooLarge(f"Photos must be under {MAX_PHOTO_BYTES // MB} MB.")
    photo = process_photo(data, kind)
    return Prepared(
        "image/jpeg", photo.jpeg, photo.thumbnail, photo.width, photo.height, None, photo.phash, photo.hints
    )


def store(
    session: Session, storage: EvidenceStorage, prepared: Prepared, *, conversation_id: str, kind: str
) -> Evidence:
    """Write the files, then the row (flushed). The caller deletes the files if its commit fails."""
    stem = secrets.token_hex(16)
    extension = "mp4" if prepared.media_type.startswith("video/") else "jpg"
    evidence = Evidence(
        public_id="ev_" + secrets.token_urlsafe(16),
        conversation_id=conversation_id,
        kind=kind,
        media_type=prepared.media_type,
        width=prepared.width,
        height=prepared.height,
        bytes=len(prepared.file),
        duration_seconds=prepared.duration_seconds,
        file_key=f"{stem}.{extension}",
        thumbnail_key=f"{secrets.token_hex(16)}.jpg",
        hints=[{"code": code, "message": HINT_TEXT[code]} for code in prepared.hints],
        flags=[],
    )
    if prepared.phash is not None:
        evidence.phash = to_signed(prepared.phash)
        evidence.band0, evidence.band1, evidence.band2, evidence.band3 = bands(prepared.phash)
        evidence.flags = upload_flags(session, prepared.phash, conversation_id)
    storage.put(evidence.file_key, prepared.file, prepared.media_type)
    storage.put(evidence.thumbnail_key, prepared.thumbnail, "image/jpeg")
    session.add(evidence)
    session.flush()
    return evidence


def upload_flags(session: Session, phash: int, conversation_id: str) -> list[str]:
    flags = []
    near = [
        e
        for e in repository.evidence_with_band(session, phash, exclude_conversation=conversation_id)
        if e.phash is not None and distance(e.phash, phash) <= NEAR_DISTANCE
    ]
    if near:
        flags.append(FLAG_DUPLICATE)
    if _matches_catalogue(session, phash):
        flags.append(FLAG_CATALOGUE)
    return flags


def _matches_catalogue(session: Session, phash: int) -> bool:
    return any(distance(c.phash, phash) <= NEAR_DISTANCE for c in repository.catalogue_with_band(session, phash))


def add_catalogue_hash(session: Session, sku: str, phash: int) -> CatalogueImageHash:
    row = CatalogueImageHash(sku=sku, phash=to_signed(phash))
    row.band0, row.band1, row.band2, row.band3 = bands(phash)
    session.add(row)
    session.flush()
    return row


def visible_evidence(session: Session, public_id: str, *, conversation_id: str, order: Order) -> Evidence:
    """The customer's own evidence, or 404 exactly like a missing one."""
    found = repository.by_public_ids(session, [public_id]).get(public_id)
    if found is None or found.conversation_id != conversation_id or found.order_id not in (None, order.id):
        raise EvidenceNotFound("there is no evidence with that id in this conversation")
    return found


@dataclass(frozen=True)
class EvidenceFacts:
    counts: dict[str, int]
    suspect: bool


def resolve_for_order(
    session: Session, ids: Sequence[str], *, order: Order, conversation_id: str | None, rma_id: int | None = None
) -> list[Evidence]:
    """Evidence the caller may use on this order: of this conversation or already of this
    order, and on no other return. Unknown and foreign ids are refused, naming the id."""
    ids = list(dict.fromkeys(ids))
    rows = repository.by_public_ids(session, ids, for_update=True)
    for public_id in ids:
        row = rows.get(public_id)
        mine = row is not None and (
            (
                conversation_id is not None
                and row.conversation_id == conversation_id
                and row.order_id in (None, order.id)
            )
            or row.order_id == order.id
        )
        if row is None or not mine or row.rma_id not in (None, rma_id):
            raise EvidenceNotUsable(
                f"evidence {public_id} is not in this conversation or is already on another return; upload it again",
                evidence_id=public_id,
            )
    return [rows[public_id] for public_id in ids]


def evidence_facts(session: Session, evidence: Sequence[Evidence], order: Order) -> EvidenceFacts:
    """Counts per kind (the client never declares them) and whether any photo is suspect:
    near-same as another customer's evidence on a return, or as a catalogue picture."""
    counts = Counter(row.kind for row in evidence)
    suspect = False
    for row in evidence:
        if row.phash is None:
            continue
        if _matches_catalogue(session, row.phash):
            suspect = True
            break
        for other in repository.evidence_with_band(session, row.phash, exclude_conversation=row.conversation_id):
            if other.phash is None or distance(other.phash, row.phash) > NEAR_DISTANCE:
                continue
            if other.order_id is not None and other.order_id != order.id:
                other_customer = repository.customer_of_order(session, other.order_id)
                if other_customer is not None and other_customer != order.customer_id:
                    suspect = True
                    break
    return EvidenceFacts(dict(counts), suspect)


def attach(evidence: Sequence[Evidence], *, order: Order, rma_id: int) -> None:
    for row in evidence:
        row.order_id = order.id
        row.rma_id = rma_id
