"""HTTP endpoints for evidence: upload, metadata for its owner, signed thumbnail and file links."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import Response

from ..auth import AppSettings, CustomerAccess, ShopCaller
from ..db import DbSession, transaction
from ..errors import InvalidInput
from ..models import Evidence
from ..order.service import load_order
from ..policy.current import CurrentPolicy
from . import service
from .callers import Conversation, UploadingConversation
from .limits import read_upload
from .schemas import CatalogueImageOut, EvidenceOut, Hint
from .signing import check_signature, signed_path
from .storage import get_storage

router = APIRouter(prefix="/evidence", tags=["evidence"])
catalogue_router = APIRouter(prefix="/catalogue", tags=["evidence"])
log = logging.getLogger(__name__)


def present(evidence: Evidence, settings: AppSettings, request: Request) -> EvidenceOut:
    base = str(request.base_url).rstrip("/")
    return EvidenceOut(
        evidence_id=evidence.public_id,
        kind=evidence.kind,
        media_type=evidence.media_type,
        width=evidence.width,
        height=evidence.height,
        bytes=evidence.bytes,
        duration_seconds=evidence.duration_seconds,
        thumbnail_url=base + signed_path(settings, evidence.public_id, "thumbnail"),
        hints=[Hint(**hint) for hint in evidence.hints],
        flags=list(evidence.flags),
    )


@router.post("", status_code=201, response_model=EvidenceOut)
def upload_evidence(
    request: Request,
    file: UploadFile,
    conversation_id: UploadingConversation,
    settings: AppSettings,
    policy: CurrentPolicy,
    kind: Annotated[str, Form(max_length=64, description="An evidence kind of the policy")] = "photo_damage",
) -> EvidenceOut:
    """Upload a photo or short video (multipart field `file`); the type is read from the content."""
    kinds = sorted(service.ALWAYS_ACCEPTED_KINDS | {rule.kind for rule in policy.evidence})
    if kind not in kinds:
        raise InvalidInput(f"kind must be one of: {', '.join(kinds)}")
    prepared = service.prepare(read_upload(file))
    storage = get_storage()
    stored: Evidence | None = None
    try:
        with transaction() as session:
            stored = service.store(session, storage, prepared, conversation_id=conversation_id, kind=kind)
    except BaseException:
        # The row rolled back: the files it named must not outlive it.
        if stored is not None:
            for key in (stored.file_key, stored.thumbnail_key):
                storage.delete(key)
        raise
    return present(stored, settings, request)


@router.get("/{evidence_id}", response_model=EvidenceOut)
def get_evidence(
    evidence_id: str,
    request: Request,
    access: CustomerAccess,
    conversation_id: Conversation,
    session: DbSession,
    settings: AppSettings,
) -> EvidenceOut:
    """One piece of the customer's evidence, with a fresh thumbnail link."""
    order = load_order(session, access.order_number)
    evidence = service.visible_evidence(session, evidence_id, conversation_id=conversation_id, order=order)
    return present(evidence, settings, request)


def _serve(session: DbSession, settings: AppSettings, evidence_id: str, variant: str, expires, signature) -> Response:
    check_signature(settings, evidence_id, variant, expires, signature)
    evidence = service.repository.by_public_ids(session, [evidence_id]).get(evidence_id)
    if evidence is None:
        raise service.EvidenceNotFound("there is no evidence with that id")
    thumbnail = variant == "thumbnail"
    key = evidence.thumbnail_key if thumbnail else evidence.file_key
    media_type = "image/jpeg" if thumbnail else evidence.media_type
    extension = "jpg" if media_type == "image/jpeg" else "mp4"
    disposition = "inline" if thumbnail else f'attachment; filename="{evidence.public_id}.{extension}"'
    return Response(
        get_storage().get(key),
        media_type=media_type,
        headers={
            "Cache-Control": "private, max-age=300",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox",
            "Content-Disposition": disposition,
        },
    )


@router.get("/{evidence_id}/thumbnail", response_class=Response)
def get_thumbnail(
    evidence_id: str,
    session: DbSession,
    settings: AppSettings,
    expires: int | None = None,
    signature: str | None = None,
) -> Response:
    """A thumbnail, for whoever holds a valid signed link (the customer's own)."""
    return _serve(session, settings, evidence_id, "thumbnail", expires, signature)


@router.get("/{evidence_id}/file", response_class=Response)
def get_file(
    evidence_id: str,
    session: DbSession,
    settings: AppSettings,
    expires: int | None = None,
    signature: str | None = None,
) -> Response:
    """The stored file (agents), for whoever holds a valid signed link."""
    return _serve(session, settings, evidence_id, "file", expires, signature)


@catalogue_router.post("/images", status_code=201, dependencies=[ShopCaller], response_model=CatalogueImageOut)
def post_catalogue_image(
    file: UploadFile, sku: Annotated[str, Form(min_length=1, max_length=64)], session: DbSession
) -> CatalogueImageOut:
    """A product picture's perceptual hash (the picture itself is not kept): a customer's
    photo that matches it sends the return to review."""
    prepared = service.prepare(read_upload(file))
    if prepared.phash is None:
        raise InvalidInput("send a photo of the product, not a video")
    row = service.add_catalogue_hash(session, sku, prepared.phash)
    return CatalogueImageOut(sku=row.sku, phash=f"{prepared.phash:016x}")
