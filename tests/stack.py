"""The whole product on free loopback ports: returns service, action server and Rasa server.

Each process is the real thing started the way `make run` starts it; only the ports, the
databases (fresh, under a temporary folder) and the model path differ.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

from .telegram_standin import TelegramStandin, running_standin

REPO = Path(__file__).resolve().parent.parent
BACKEND = REPO / "backend"
SERVICE_PYTHON = BACKEND / ".venv" / "bin" / "python"
ASSISTANT_BIN = Path(sys.executable).parent
MODEL = Path(os.environ.get("RETURNDESK_MODEL", REPO / "models" / "returndesk.tar.gz"))
SHOP_TOKEN = "e2e-shop-token"
CHAT_SECRET = "e2e-chat-secret"
# What the shop's server signs customer contexts with (tests sign them as a shop would).
SHOP_CONTEXT_SECRET = "e2e-shop-context-secret"
RASA_TOKEN = "e2e-rasa-token"
# The commands the action server and the Rasa server start with (bot/server.py: Rasa's, tuned).
RASA = (str(ASSISTANT_BIN / "rasa"),)
RASA_SERVER = (sys.executable, "-m", "bot.server")
STARTUP_SECONDS = 900  # the longest a process may take to come up before the run gives up


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log: Path

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


@dataclass
class Stack:
    service_url: str
    actions_url: str
    rasa_url: str
    processes: dict[str, Process]
    env: dict[str, str]
    folder: Path
    smtp_port: int  # the local mail sink, as `make run` starts it: it saves to mail_folder
    mail_folder: Path
    telegram: TelegramStandin | None = None  # the Bot API the Telegram channel talks to

    @property
    def api(self) -> str:
        return f"{self.service_url}/api/v1"

    def logs(self) -> str:
        return "\n\n".join(f"--- {p.name} ---\n{p.tail()}" for p in self.processes.values())

    def stop_service(self) -> None:
        """An outage: the returns service goes away; Rasa and the actions keep running."""
        _stop(self.processes["service"])

    def restart_service(self) -> None:
        port = int(self.service_url.rsplit(":", 1)[1])
        self.processes["service"] = start_service(self.folder, self.env, port, seed=False)

    def stop_actions(self) -> None:
        """The action server goes away; Rasa and the service keep running."""
        _stop(self.processes["actions"])

    def restart_actions(self) -> None:
        port = int(self.actions_url.rsplit(":", 1)[1])
        self.processes["actions"] = start_actions(self.folder, self.env, port)
        _wait_until_up(self.processes["actions"], f"{self.actions_url}/health", STARTUP_SECONDS)


def _start(name: str, command: list[str], cwd: Path, env: dict[str, str], folder: Path) -> Process:
    log = folder / f"{name}.log"
    handle = log.open("w")
    popen = subprocess.Popen(command, cwd=cwd, env=env, stdout=handle, stderr=subprocess.STDOUT)
    return Process(name, popen, log)


def _wait_until_up(process: Process, url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.popen.poll() is not None:
            raise RuntimeError(f"{process.name} exited with {process.popen.returncode}:\n{process.tail()}")
        try:
            if requests.get(url, timeout=2).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{process.name} did not come up within {seconds:.0f} s:\n{process.tail()}")


def _wait_for_port(process: Process, port: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.popen.poll() is not None:
            raise RuntimeError(f"{process.name} exited with {process.popen.returncode}:\n{process.tail()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{process.name} did not listen on {port} within {seconds:.0f} s:\n{process.tail()}")


def _stop(process: Process) -> None:
    if process.popen.poll() is None:
        process.popen.terminate()
        try:
            process.popen.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.popen.kill()


def start_service(folder: Path, env: dict[str, str], port: int | None = None, seed: bool = True) -> Process:
    port = port or free_port()
    if seed:  # a fresh database: migrate it and load the demo shop, as `make run` does
        for module in (["alembic", "upgrade", "head"], ["returndesk.demo.seed"]):
            subprocess.run([str(SERVICE_PYTHON), "-m", *module], cwd=BACKEND, env=env, check=True, capture_output=True)
    process = _start(
        "service",
        [
            str(SERVICE_PYTHON),
            "-m",
            "uvicorn",
            "returndesk.main:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        BACKEND,
        env,
        folder,
    )
    _wait_until_up(process, f"http://127.0.0.1:{port}/api/v1/healthz", STARTUP_SECONDS)
    return process


def start_actions(folder: Path, env: dict[str, str], port: int, rasa: tuple[str, ...] = RASA) -> Process:
    command = [*rasa, "run", "actions", "--port", str(port), "--actions", "actions"]
    return _start("actions", command, REPO, env, folder)


@contextmanager
def running_stack(
    folder: Path, rasa: tuple[str, ...] = RASA, rasa_server: tuple[str, ...] = RASA_SERVER
) -> Iterator[Stack]:
    """`rasa` and `rasa_server` start the action server and the Rasa server (bench/turn_profile.py
    times them)."""
    if not MODEL.exists():
        raise RuntimeError(f"no trained model at {MODEL}: run `make model` first")
    service_port, actions_port, rasa_port, smtp_port = free_port(), free_port(), free_port(), free_port()
    env = {
        **os.environ,
        "RETURNDESK_ENVIRONMENT": "test",
        "RETURNDESK_DATABASE_URL": f"sqlite:///{folder / 'service.sqlite3'}",
        "RETURNDESK_SHOP_API_TOKEN": SHOP_TOKEN,
        "RETURNDESK_CHAT_SECRET": CHAT_SECRET,
        "RETURNDESK_SHOP_CONTEXT_SECRET": SHOP_CONTEXT_SECRET,
        # Every test opens chat sessions from 127.0.0.1; the per-address limit has its own tests.
        "RETURNDESK_CHAT_SESSIONS_PER_CLIENT": "100000",
        # The console tests sign staff in; argon2id at a test's cost (backend/tests/conftest.py).
        "RETURNDESK_PASSWORD_HASH_TIME_COST": "1",
        "RETURNDESK_PASSWORD_HASH_MEMORY_KIB": "64",
        # Uploaded evidence stays with the run's databases, not in the repository's var/.
        "RETURNDESK_EVIDENCE_DIR": str(folder / "evidence"),
        "RETURNDESK_SERVICE_URL": f"http://127.0.0.1:{service_port}/api/v1",
        # Links the service builds (the return label) must lead to this run's service.
        "RETURNDESK_PUBLIC_URL": f"http://127.0.0.1:{service_port}",
        "RETURNDESK_RASA_URL": f"http://127.0.0.1:{rasa_port}",
        # The live handoff: the service drives Rasa's HTTP API (backend/returndesk/handoff/rasa.py).
        "RETURNDESK_RASA_SERVER_URL": f"http://127.0.0.1:{rasa_port}",
        "RETURNDESK_RASA_TOKEN": RASA_TOKEN,
        # The conversation-events consumer reads the event broker this stack's Rasa writes.
        "RETURNDESK_RASA_EVENTS_URL": f"sqlite:///{folder / 'rasa-events.sqlite3'}",
        # As scripts/run.sh without SMTP settings: the local mail sink takes every email.
        "RETURNDESK_SMTP_HOST": "127.0.0.1",
        "RETURNDESK_SMTP_PORT": str(smtp_port),
        "RETURNDESK_MAIL_SINK_DIR": str(folder / "mail"),
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    }
    endpoints = folder / "endpoints.yml"
    endpoints.write_text(
        f'action_endpoint:\n  url: "http://127.0.0.1:{actions_port}/webhook"\n  enable_selective_domain: true\n'
        "tracker_store:\n  type: bot.stores.TunedSQLTrackerStore\n"
        f'  dialect: "sqlite"\n  db: "{folder / "tracker.sqlite3"}"\n'
        # As endpoints.yml: every event to Rasa's SQL event broker, for the conversation metrics.
        "event_broker:\n  type: bot.stores.TunedSQLEventBroker\n"
        f'  dialect: "sqlite"\n  db: "{folder / "rasa-events.sqlite3"}"\n'
        # As endpoints.yml: domain responses in the conversation's language.
        'nlg:\n  type: "bot.nlg.CatalogueNLG"\n'
    )
    processes: dict[str, Process] = {}
    with ExitStack() as stack:
        telegram = stack.enter_context(running_standin())
        env.update(telegram.rasa_env())
        credentials = telegram.credentials_file(folder, REPO / "credentials.yml")  # plus the Telegram channel
        try:
            processes["mail"] = _start(
                "mail", [str(SERVICE_PYTHON), "-m", "returndesk.mail.sink"], BACKEND, env, folder
            )
            stack.callback(_stop, processes["mail"])
            _wait_for_port(processes["mail"], smtp_port, STARTUP_SECONDS)
            processes["service"] = start_service(folder, env, service_port)
            stack.callback(lambda: _stop(processes["service"]))  # the current one, after restarts
            processes["actions"] = start_actions(folder, env, actions_port, rasa)
            stack.callback(lambda: _stop(processes["actions"]))  # the current one, after restarts
            processes["rasa"] = _start(
                "rasa",
                [
                    *rasa_server,
                    "run",
                    "--model",
                    str(MODEL),
                    "--port",
                    str(rasa_port),
                    "--interface",
                    "127.0.0.1",
                    "--endpoints",
                    str(endpoints),
                    "--credentials",
                    str(credentials),
                    "--enable-api",
                    "--auth-token",
                    RASA_TOKEN,
                    "--cors",
                    f"http://127.0.0.1:{service_port}",
                ],
                REPO,
                env,
                folder,
            )
            stack.callback(_stop, processes["rasa"])
            # Generous limits: these wait for the processes to say they are ready, and on a machine
            # whose cores are all busy Rasa takes minutes to load its model.
            _wait_until_up(processes["actions"], f"http://127.0.0.1:{actions_port}/health", STARTUP_SECONDS)
            status = f"http://127.0.0.1:{rasa_port}/status?token={RASA_TOKEN}"
            _wait_until_up(processes["rasa"], status, STARTUP_SECONDS)
            # /status answers before the model is loaded; wait for it, not only for the port.
            deadline = time.monotonic() + STARTUP_SECONDS
            while not requests.get(status, timeout=5).json().get("model_file"):
                if time.monotonic() > deadline:
                    raise RuntimeError("Rasa did not load the model")
                time.sleep(0.5)
        except Exception as error:
            logs = "\n".join(f"--- {p.name} ---\n{p.tail()}" for p in processes.values())
            raise RuntimeError(f"{error}\n{logs}") from error
        yield Stack(
            service_url=f"http://127.0.0.1:{service_port}",
            actions_url=f"http://127.0.0.1:{actions_port}",
            rasa_url=f"http://127.0.0.1:{rasa_port}",
            processes=processes,
            env=env,
            folder=folder,
            smtp_port=smtp_port,
            mail_folder=folder / "mail",
            telegram=telegram,
        )
