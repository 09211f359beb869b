"""A stand-in of the Telegram Bot API on loopback, speaking its HTTP protocol.

    POST /bot<token>/<method>              sendMessage, sendPhoto, answerCallbackQuery, getFile,
                                           setWebhook, getMe (JSON or form body)
    GET  /file/bot<token>/<file_path>      the bytes of a file getFile named

Answers are the Bot API's: `{"ok": true, "result": ...}`, or `{"ok": false, "error_code",
"description"}` with the same status (401 for a wrong token, 400 for what Telegram refuses, such
as empty text or callback_data over 64 bytes). Everything the bot sends is recorded, so tests can
assert on it; `add_file` puts a file where getFile and the download find it, as if a customer
had sent it. It also writes the Telegram channel's credentials for a Rasa server under test.
"""

from __future__ import annotations

import itertools
import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

TOKEN = "123456:standin-bot-token"
WEBHOOK_SECRET = "standin-webhook-secret-0123456789"
BOT_USER = {"id": 123456, "is_bot": True, "first_name": "ReturnDesk", "username": "returndesk_bot"}

# The channel as a Rasa server under test is configured: credentials.yml's commented example
# with the stand-in's URL; Rasa expands the variables from the environment (`rasa_env`).
CREDENTIALS = """
bot.channels.telegram.TelegramInput:
  bot_token: ${RETURNDESK_TELEGRAM_BOT_TOKEN}
  webhook_secret: ${RETURNDESK_TELEGRAM_WEBHOOK_SECRET}
  service_url: ${RETURNDESK_SERVICE_URL}
  shop_token: ${RETURNDESK_SHOP_API_TOKEN}
  api_url: ${RETURNDESK_TELEGRAM_API_URL}
"""


class ApiRefusal(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status


class TelegramStandin:
    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.sent: list[dict[str, Any]] = []  # {"method", "params"} in the order the bot called
        self.files: dict[str, tuple[str, bytes]] = {}  # file_id -> (file_path, bytes)
        self.lock = threading.Lock()
        self.ids = itertools.count(1)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> TelegramStandin:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # What tests use -----------------------------------------------------------------------

    def add_file(self, content: bytes, file_path: str | None = None) -> str:
        """A file as Telegram would hold one a customer sent; returns its file_id."""
        file_id = f"standin-file-{secrets.token_hex(8)}"
        self.files[file_id] = (file_path or f"photos/file_{next(self.ids)}.jpg", content)
        return file_id

    def calls(self, method: str | None = None, chat_id: int | str | None = None) -> list[dict[str, Any]]:
        with self.lock:
            return [
                call["params"]
                for call in self.sent
                if (method is None or call["method"] == method)
                and (chat_id is None or str(call["params"].get("chat_id")) == str(chat_id))
            ]

    def texts(self, chat_id: int | str) -> list[str]:
        return [p.get("text", "") for p in self.calls("sendMessage", chat_id)]

    def wait_for(self, method: str, chat_id: int | str | None = None, count: int = 1, seconds: float = 30) -> list:
        deadline = time.monotonic() + seconds
        while len(found := self.calls(method, chat_id)) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        return found

    def rasa_env(self) -> dict[str, str]:
        """The variables CREDENTIALS names beyond the service's own (RETURNDESK_SERVICE_URL, ..._SHOP_API_TOKEN)."""
        return {
            "RETURNDESK_TELEGRAM_BOT_TOKEN": self.token,
            "RETURNDESK_TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
            "RETURNDESK_TELEGRAM_API_URL": self.url,
        }

    def credentials_file(self, folder: Path, base: Path) -> Path:
        """`base` (the repository's credentials.yml) with the Telegram channel added."""
        path = folder / "credentials.yml"
        path.write_text(base.read_text() + CREDENTIALS)
        return path

    # The Bot API -------------------------------------------------------------------------

    def answer(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT_USER
        if method in ("sendMessage", "sendPhoto"):
            if not params.get("chat_id"):
                raise ApiRefusal(400, "Bad Request: chat_id is empty")
            if method == "sendMessage" and not str(params.get("text", "")).strip():
                raise ApiRefusal(400, "Bad Request: message text is empty")
            if method == "sendPhoto" and not params.get("photo"):
                raise ApiRefusal(400, "Bad Request: there is no photo in the request")
            self._check_markup(params.get("reply_markup"))
            self._record(method, params)
            message = {
                "message_id": next(self.ids),
                "from": BOT_USER,
                "chat": {"id": int(params["chat_id"]), "type": "private"},
                "date": int(time.time()),
            }
            if method == "sendMessage":
                message["text"] = params["text"]
            else:
                message["photo"] = [{"file_id": "standin-sent-photo", "file_unique_id": "s", "width": 1, "height": 1}]
            return message
        if method == "answerCallbackQuery":
            if not params.get("callback_query_id"):
                raise ApiRefusal(400, "Bad Request: query ID is invalid")
            self._record(method, params)
            return True
        if method == "getFile":
            self._record(method, params)
            held = self.files.get(str(params.get("file_id")))
            if held is None:
                raise ApiRefusal(400, "Bad Request: invalid file_id")
            if len(held[1]) > 20 * 1024 * 1024:
                raise ApiRefusal(400, "Bad Request: file is too big")
            file_id = str(params["file_id"])
            return {"file_id": file_id, "file_unique_id": file_id[-8:], "file_size": len(held[1]), "file_path": held[0]}
        if method == "setWebhook":
            self._record(method, params)
            return True
        raise ApiRefusal(404, "Not Found")

    def _record(self, method: str, params: dict[str, Any]) -> None:
        with self.lock:
            self.sent.append({"method": method, "params": params})

    @staticmethod
    def _check_markup(markup: Any) -> None:
        if markup is None:
            return
        if isinstance(markup, str):
            markup = json.loads(markup)
        for row in markup.get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if data is not None and not 1 <= len(data.encode()) <= 64:
                    raise ApiRefusal(400, "Bad Request: BUTTON_DATA_INVALID")
                if not button.get("text"):
                    raise ApiRefusal(400, "Bad Request: text buttons are unallowed in the inline keyboard")

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def reply(self, status: int, body: Any, content_type: str = "application/json") -> None:
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def refuse(self, status: int, description: str) -> None:
                self.reply(status, {"ok": False, "error_code": status, "description": description})

            def do_POST(self) -> None:
                prefix, _, method = self.path.lstrip("/").partition("/")
                if prefix != f"bot{standin.token}":
                    return self.refuse(401 if prefix.startswith("bot") else 404, "Unauthorized")
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                kind = self.headers.get("Content-Type", "")
                try:
                    if kind.startswith("application/json"):
                        params = json.loads(raw or b"{}")
                    elif kind.startswith("application/x-www-form-urlencoded") or not raw:
                        params = dict(parse_qsl(raw.decode()))
                    else:
                        return self.refuse(400, "Bad Request: the stand-in reads JSON and form bodies only")
                    self.reply(200, {"ok": True, "result": standin.answer(method.split("?")[0], params)})
                except ApiRefusal as refusal:
                    self.refuse(refusal.status, str(refusal))
                except (ValueError, AttributeError, TypeError) as error:
                    self.refuse(400, f"Bad Request: {error}")

            def do_GET(self) -> None:
                head = f"/file/bot{standin.token}/"
                if not self.path.startswith(head):
                    return self.refuse(404, "Not Found")
                wanted = self.path[len(head) :]
                for file_path, content in standin.files.values():
                    if file_path == wanted:
                        return self.reply(200, content, "application/octet-stream")
                self.refuse(404, "Not Found")

        return Handler


@contextmanager
def running_standin() -> Iterator[TelegramStandin]:
    standin = TelegramStandin().start()
    try:
        yield standin
    finally:
        standin.stop()
