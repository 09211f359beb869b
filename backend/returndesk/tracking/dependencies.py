"""The carrier's webhook body, read within its size limit and accepted only when signed."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from pydantic import ValidationError

from ..auth import AppSettings
from ..carrier import signature
from ..errors import AppError, InvalidInput, Unauthorized
from .schemas import CarrierEventIn

# One event is a few hundred bytes; a stranger's megabyte is refused before it is hashed.
MAX_EVENT_BYTES = 16 * 1024


class EventTooLarge(AppError):
    status = 413
    title = "Event too large"


class BadSignature(Unauthorized):
    title = "Event signature not valid"


async def read_within(request: Request, limit: int) -> bytes:
    """The raw body (the signature is over its exact bytes), refused as soon as it passes `limit`."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise EventTooLarge(f"a tracking event is at most {limit} bytes; send one event per request")
        chunks.append(chunk)
    return b"".join(chunks)


async def signed_event(request: Request, settings: AppSettings) -> CarrierEventIn:
    body = await read_within(request, MAX_EVENT_BYTES)
    refused = signature.refusal(settings.carrier_webhook_secret, request.headers.get(signature.HEADER), body)
    if refused is not None:
        raise BadSignature(refused)
    try:
        return CarrierEventIn.model_validate_json(body)
    except ValidationError as exc:
        errors = [
            {"location": ".".join(str(part) for part in ("body", *error["loc"])), "message": error["msg"]}
            for error in exc.errors(include_url=False)
        ]
        first = errors[0] if errors else {"location": "body", "message": "not a tracking event"}
        raise InvalidInput(f"{first['location']}: {first['message']}", errors=errors) from None


SignedEvent = Annotated[CarrierEventIn, Depends(signed_event)]
