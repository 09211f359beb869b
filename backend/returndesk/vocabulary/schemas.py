"""The vocabulary's response body, for the OpenAPI document."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Term(BaseModel):
    code: str = Field(description="The code every request and every client uses, e.g. size_too_small")
    title: str = Field(description="What a customer reads for it in `language`, e.g. Too small")


class VocabularyOut(BaseModel):
    language: str = Field(description="The language of the titles: the one asked for, else English")
    languages: list[str] = Field(description="Every language the service has titles in")
    reasons: list[Term]
    resolutions: list[Term]
