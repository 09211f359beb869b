"""The baseline: a bare `rasa init` moodbot, trained and served from a temporary folder.

It is the same Rasa, the same Python and the same machine as ReturnDesk's assistant, minus
everything ReturnDesk adds (its NLU data and policies, the action server, the returns service,
the SQL tracker store, the signed channel), so the ratio says what those additions cost.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

from tests.stack import ASSISTANT_BIN, free_port

# Rasa reports usage to its servers unless told not to; a benchmark must not phone home.
ENV = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}


@dataclass
class Trained:
    folder: Path
    model: Path
    training_s: float  # wall clock of `rasa init --no-prompt`: scaffolding (instant) + training


@dataclass
class Served:
    url: str
    pid: int


def init_and_train(folder: Path) -> Trained:
    folder.mkdir(parents=True, exist_ok=True)
    log = folder.parent / "baseline-init.log"
    began = time.monotonic()
    with log.open("w") as out:
        done = subprocess.run(
            [str(ASSISTANT_BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(folder)],
            cwd=folder,
            env=ENV,
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=1800,
        )
    training_s = time.monotonic() - began
    models = sorted((folder / "models").glob("*.tar.gz"))
    if done.returncode != 0 or not models:
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-30:])
        raise RuntimeError(f"rasa init failed ({done.returncode}):\n{tail}")
    return Trained(folder, models[-1], training_s)


@contextmanager
def serve(trained: Trained) -> Iterator[Served]:
    """`rasa run --enable-api` with the project's own credentials.yml, whose `rest:` is the stock channel."""
    port = free_port()
    log = (trained.folder.parent / "baseline-rasa.log").open("w")
    popen = subprocess.Popen(
        [
            str(ASSISTANT_BIN / "rasa"),
            "run",
            "--enable-api",
            "--model",
            str(trained.model),
            "--port",
            str(port),
            "--interface",
            "127.0.0.1",
        ],
        cwd=trained.folder,
        env=ENV,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_model(popen, url, seconds=300)
        yield Served(url, popen.pid)
    finally:
        popen.terminate()
        try:
            popen.wait(timeout=15)
        except subprocess.TimeoutExpired:
            popen.kill()
        log.close()


def _wait_for_model(popen: subprocess.Popen, url: str, seconds: float) -> None:
    # /status answers before the model is loaded (as tests/stack.py notes): wait for model_file.
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if popen.poll() is not None:
            raise RuntimeError(f"baseline rasa exited with {popen.returncode}")
        try:
            if requests.get(f"{url}/status", timeout=5).json().get("model_file"):
                return
        except (requests.RequestException, ValueError):
            pass
        time.sleep(0.5)
    raise RuntimeError(f"baseline rasa did not load its model within {seconds:.0f} s")
