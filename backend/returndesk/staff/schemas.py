"""Login request, role change and the signed-in user as the API shows them."""

from __future__ import annotations

from pydantic import BaseModel, Field

from ..kit.schemas import Strict


class LoginIn(Strict):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)


class StaffOut(BaseModel):
    username: str
    display_name: str
    email: str | None
    role: str


class SignedInOut(BaseModel):
    user: StaffOut
    csrf_token: str = Field(description="Send it as the X-CSRF-Token header (or csrf_token form field) on every change")


class RoleIn(Strict):
    role: str = Field(min_length=1, max_length=32, description="A staff role of the authority matrix, e.g. supervisor")
