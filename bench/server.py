"""Start and stop the real returns service as a subprocess, and measure its CPU time.

The service runs exactly as in production (uvicorn, its own process), not in the benchmark's
process: a server thread inside the load generator would share one GIL with the clients and
measure neither honestly.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

REPO_DIR = Path(__file__).resolve().parent.parent
BACKEND_DIR = REPO_DIR / "backend"
VENV_BIN = BACKEND_DIR / ".venv" / "bin"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def service_env(database_url: str, shop_token: str, secret_key: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RETURNDESK_")}
    # "production" would only add the default-secret check; fresh random secrets pass it, so
    # the benchmark runs the same settings path a deploy does.
    env.update(
        RETURNDESK_DATABASE_URL=database_url,
        RETURNDESK_SHOP_API_TOKEN=shop_token,
        RETURNDESK_SECRET_KEY=secret_key,
        RETURNDESK_CHAT_SECRET=secrets.token_urlsafe(32),
        RETURNDESK_SHOP_CONTEXT_SECRET=secrets.token_urlsafe(32),
        RETURNDESK_EVIDENCE_LINK_SECRET=secrets.token_urlsafe(32),
        RETURNDESK_RASA_TOKEN=secrets.token_urlsafe(32),
        RETURNDESK_ENVIRONMENT="production",
    )
    return env


@dataclass
class Service:
    """One uvicorn subprocess on a free loopback port. Use as a context manager."""

    env: dict[str, str]
    log_path: Path
    workers: int = 1
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v1"

    def __enter__(self) -> Service:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def start(self, timeout: float = 60.0) -> None:
        command = [
            str(VENV_BIN / "uvicorn"),
            "returndesk.main:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--log-level",
            "warning",
            "--no-access-log",  # an access-log line per request would be part of what we time
        ]
        if self.workers > 1:
            command += ["--workers", str(self.workers)]
        self._log = self.log_path.open("wb")
        # Own process group: stop() can signal the supervisor and its worker processes together.
        self.process = subprocess.Popen(
            command,
            cwd=BACKEND_DIR,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the service exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                if httpx.get(f"{self.base_url}/healthz", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"the service did not answer /healthz within {timeout:.0f}s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
            except ProcessLookupError:
                pass
        self._log.close()
        self.process = None

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def cpu_seconds(self) -> float:
        """User+system CPU of the server and its worker processes so far.

        On a shared, noisy machine wall-clock throughput wobbles with the neighbours; CPU time
        per request is the steadier figure of what a request costs the service.
        """
        return sum(_own_cpu_seconds(pid) for pid in _process_tree(self.process.pid)) if self.process else 0.0


def _process_tree(pid: int) -> list[int]:
    pids, stack = [], [pid]
    while stack:
        current = stack.pop()
        pids.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            with contextlib.suppress(OSError):  # the task may have exited meanwhile
                stack.extend(int(child) for child in (task / "children").read_text().split())
    return pids


def _own_cpu_seconds(pid: int) -> float:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    # Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
