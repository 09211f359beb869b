"""What the evidence endpoints answer."""

from __future__ import annotations

from pydantic import BaseModel


class Hint(BaseModel):
    code: str
    message: str


class CatalogueImageOut(BaseModel):
    sku: str
    phash: str


class EvidenceOut(BaseModel):
    evidence_id: str
    kind: str
    media_type: str
    width: int
    height: int
    bytes: int
    duration_seconds: float | None
    thumbnail_url: str
    hints: list[Hint]
    flags: list[str]
