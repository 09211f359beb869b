"""The two HTTP services the Telegram connector talks to: the Bot API and the returns service.

Small on purpose: the connector needs five Bot API methods and one file download, and the
returns service's evidence upload. Both use one aiohttp session (aiohttp comes with Rasa),
opened on first use inside Sanic's loop.

The bot token is part of every Bot API URL, so no URL is ever logged or put in an error.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

import aiohttp

logger = logging.getLogger(__name__)

TIMEOUT = aiohttp.ClientTimeout(total=30, connect=5)
# Bots may download files up to 20 MB from the Bot API; anything longer is refused mid-stream.
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024
# The evidence endpoint's refusals of the file itself, whose `detail` is written for the customer.
REFUSALS = {400, 413, 415, 422}


class TelegramApiError(Exception):
    """The Bot API answered `ok: false` (the description says why) or could not be reached."""

    def __init__(self, method: str, description: str, status: int | None = None) -> None:
        super().__init__(f"{method}: {description}")
        self.method = method
        self.description = description
        self.status = status


class EvidenceRejected(Exception):
    """The returns service refused the file; `detail` is a sentence for the customer."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


class EvidenceUnavailable(Exception):
    """The returns service could not take the file now (down, timeout, unexpected answer)."""


@dataclass(frozen=True)
class StoredEvidence:
    evidence_id: str
    answer: dict[str, Any]


class Http:
    """One aiohttp session for the connector, created lazily in the running loop."""

    def __init__(self) -> None:
        self._session: aiohttp.ClientSession | None = None

    def session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=TIMEOUT)
        return self._session

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


class BotApi:
    """`POST {api_url}/bot<token>/<method>` with a JSON body, as the Bot API accepts."""

    def __init__(self, api_url: str, token: str, http: Http) -> None:
        self.api_url = api_url.rstrip("/")
        self.token = token
        self.http = http

    async def call(self, method: str, **params: Any) -> Any:
        """The `result` of a Bot API method; TelegramApiError if it failed.

        A 429 (flood control) is retried once after the `retry_after` the API asks for, when
        that is short; anything longer is the caller's failure to report.
        """
        body = {key: value for key, value in params.items() if value is not None}
        for attempt in (1, 2):
            try:
                async with self.http.session().post(f"{self.api_url}/bot{self.token}/{method}", json=body) as answer:
                    status = answer.status
                    payload = await answer.json(content_type=None)
            except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
                raise TelegramApiError(method, f"the Bot API could not be reached ({type(error).__name__})") from None
            if isinstance(payload, dict) and payload.get("ok"):
                return payload.get("result")
            description = payload.get("description", "") if isinstance(payload, dict) else ""
            retry_after = (payload.get("parameters") or {}).get("retry_after") if isinstance(payload, dict) else None
            if status == 429 and attempt == 1 and isinstance(retry_after, int) and retry_after <= 5:
                await asyncio.sleep(retry_after)
                continue
            raise TelegramApiError(method, description or f"HTTP {status}", status)
        raise AssertionError("unreachable")

    async def download(self, file_path: str) -> bytes:
        """The bytes of a file getFile named: `GET {api_url}/file/bot<token>/<file_path>`."""
        try:
            async with self.http.session().get(f"{self.api_url}/file/bot{self.token}/{file_path}") as answer:
                if answer.status != 200:
                    raise TelegramApiError("download", f"HTTP {answer.status}", answer.status)
                chunks, size = [], 0
                async for chunk in answer.content.iter_chunked(64 * 1024):
                    size += len(chunk)
                    if size > MAX_DOWNLOAD_BYTES:
                        raise TelegramApiError("download", "the file is larger than 20 MB")
                    chunks.append(chunk)
                return b"".join(chunks)
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            raise TelegramApiError("download", f"the file could not be fetched ({type(error).__name__})") from None


class EvidenceClient:
    """`POST {service_url}/evidence` as the shop's channel, naming the conversation."""

    def __init__(self, service_url: str, shop_token: str, http: Http) -> None:
        service_url = service_url.rstrip("/")
        self.url = (service_url if service_url.endswith("/api/v1") else f"{service_url}/api/v1") + "/evidence"
        self.shop_token = shop_token
        self.http = http

    async def upload(self, conversation_id: str, filename: str, content: bytes) -> StoredEvidence:
        form = aiohttp.FormData()
        # The service decides the type from the bytes, never from this name or content type.
        form.add_field("file", content, filename=filename, content_type="application/octet-stream")
        headers = {"Authorization": f"Bearer {self.shop_token}", "X-ReturnDesk-Conversation": conversation_id}
        try:
            async with self.http.session().post(self.url, data=form, headers=headers) as answer:
                status = answer.status
                try:
                    body = await answer.json(content_type=None)
                except ValueError:
                    body = None
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            raise EvidenceUnavailable(f"the returns service could not be reached ({type(error).__name__})") from None
        if status == 201 and isinstance(body, dict) and body.get("evidence_id"):
            return StoredEvidence(str(body["evidence_id"]), body)
        detail = body.get("detail") if isinstance(body, dict) else None
        if status in REFUSALS and isinstance(detail, str) and detail:
            raise EvidenceRejected(status, detail)
        # Anything else (401/403: our shop token; 404: our URL; 5xx) the customer cannot fix: an outage.
        raise EvidenceUnavailable(f"the returns service answered {status}: {detail or ''}".strip())
