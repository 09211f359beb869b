"""GET /vocabulary: the reason codes and resolutions, titled in the reader's language."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Response

from ..kit.language import RequestLocale, spoken
from .schemas import VocabularyOut
from .service import document, not_modified

router = APIRouter(prefix="/vocabulary", tags=["vocabulary"])

# Public and the same for everyone: caches may keep it a while and revalidate with the tag.
CACHE_CONTROL = "public, max-age=300"

Lang = Annotated[
    str | None,
    Query(
        max_length=35,
        description='The language of the titles, e.g. "zh" or "zh-CN"; wins over Accept-Language. '
        "A language without titles reads English",
    ),
]


@router.get(
    "",
    response_model=VocabularyOut,
    responses={304: {"description": "Not modified: the If-None-Match tag is still current"}},
)
def get_vocabulary(
    requested: RequestLocale,
    lang: Lang = None,
    if_none_match: Annotated[str | None, Header(max_length=1024)] = None,
) -> Response:
    """Every reason code and resolution the service accepts, with its title in the reader's language."""
    found = document(spoken(lang, requested))
    headers = {
        "ETag": found.etag,
        "Cache-Control": CACHE_CONTROL,
        "Content-Language": found.language,
        "Vary": "Accept-Language",
    }
    if not_modified(if_none_match, found.etag):
        return Response(status_code=304, headers=headers)
    return Response(found.body, media_type="application/json", headers=headers)
