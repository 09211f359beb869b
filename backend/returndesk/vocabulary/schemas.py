"""The vocabulary's response body, for the OpenAPI document."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Term(BaseModel):
    code: str = Field(description="The code every request and every client uses, e.g. size_too_small")
    title: str = Field(description="What a customer reads for it in `language`, e.g. Too small")


class ReasonWords(BaseModel):
    code: str = Field(description="A reason code")
    words: list[str] = Field(description="Lower-case words that name it inside a message in `language`")


class VocabularyOut(BaseModel):
    language: str = Field(description="The language of the titles: the one asked for, else English")
    languages: list[str] = Field(description="Every language the service has titles in")
    reasons: list[Term]
    resolutions: list[Term]
    reason_words: list[ReasonWords] = Field(
        description="The words that name a reason in free text in `language`, in the order they are "
        "tried: a word that overlaps an earlier reason's words is that reason's. Reasons without words "
        "are left out"
    )
    common_reasons: list[str] = Field(description="The reasons a returns form offers as buttons, in order")
