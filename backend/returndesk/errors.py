"""One base error carrying its HTTP status, rendered as RFC 9457 problem+json.

Domains declare their errors at the top of their service module as subclasses of `AppError`.
Malformed payloads are 422 with the location of each bad field; business refusals are 403, 404
or 409 with a sentence a person can act on. Nothing ever reaches a client as a stack trace.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"


class AppError(Exception):
    status = 400
    title = "Bad request"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class NotFound(AppError):
    status = 404
    title = "Not found"


class Unauthorized(AppError):
    status = 401
    title = "Authentication required"


class Forbidden(AppError):
    status = 403
    title = "Forbidden"


class Conflict(AppError):
    status = 409
    title = "Conflict"


class TooManyRequests(AppError):
    status = 429
    title = "Too many attempts"


class InvalidInput(AppError):
    """Well-formed JSON whose values cannot be used (an unknown reason, a bad RMA number)."""

    status = 422
    title = "Invalid input"


class AuditedRefusal(AppError):
    """A refusal whose trace must outlive its attempt: the unit of work (db.transaction) rolls the
    attempt back, runs `record` in a short transaction of its own, and the client is answered as
    for `refusal` (with `detail` instead of its sentence, when given)."""

    def __init__(self, refusal: AppError, record: Callable[[Session], object], *, detail: str | None = None) -> None:
        super().__init__(detail or refusal.detail, **refusal.extra)
        self.status, self.title = refusal.status, refusal.title
        self.record = record


def problem(status: int, title: str, detail: str, **extra: Any) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    headers = {}
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    if isinstance(extra.get("retry_after_seconds"), int):
        # Clients and proxies read the header; people and the widget read the body.
        headers["Retry-After"] = str(extra["retry_after_seconds"])
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers or None)


def _field_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [
        {"location": ".".join(str(part) for part in error["loc"]), "message": error["msg"]} for error in exc.errors()
    ]


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def _app_error(_: Request, exc: AppError) -> JSONResponse:
        return problem(exc.status, exc.title, exc.detail, **exc.extra)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = _field_errors(exc)
        first = errors[0] if errors else {"location": "body", "message": "invalid"}
        detail = f"{first['location']}: {first['message']}"
        if len(errors) > 1:
            detail += f" (and {len(errors) - 1} more problem(s), see 'errors')"
        return problem(422, "Invalid request", detail, errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        titles = {404: "Not found", 405: "Method not allowed"}
        return problem(exc.status_code, titles.get(exc.status_code, "Error"), str(exc.detail))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return problem(500, "Internal error", "Something went wrong on our side; nothing was changed. Please retry.")
