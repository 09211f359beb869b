"""Refusals of an upload, each with a sentence a bot can relay to the customer as it is."""

from __future__ import annotations

from ..errors import AppError, InvalidInput


class FileTooLarge(AppError):
    status = 413
    title = "File too large"


class UnsupportedFile(AppError):
    status = 415
    title = "Not a photo or video"


class UnreadableFile(InvalidInput):
    title = "File cannot be used"


NOT_READABLE = "That file is not a photo or video we can read."
