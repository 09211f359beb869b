"""Start-up refuses to serve on a broken policy or on development secrets in production."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from returndesk.config import Settings

BACKEND_DIR = Path(__file__).resolve().parent.parent


def test_a_broken_policy_file_stops_the_service_with_the_file_line_and_key(tmp_path):
    policy = tmp_path / "broken.yml"
    policy.write_text((BACKEND_DIR / "policies" / "default.yml").read_text().replace("days: 30", "days: thirty", 1))
    env = {**os.environ, "RETURNDESK_POLICY_FILE": str(policy), "RETURNDESK_DATABASE_URL": f"sqlite:///{tmp_path}/x.db"}
    result = subprocess.run(
        [sys.executable, "-m", "uvicorn", "returndesk.main:app", "--port", "0"],
        cwd=BACKEND_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "the return policy is invalid" in result.stderr
    assert f"{policy.name} line" in result.stderr and "thirty" in result.stderr


@pytest.mark.parametrize("secret", ["shop_api_token", "secret_key", "chat_secret"])
def test_production_refuses_development_secrets(secret, monkeypatch):
    monkeypatch.delenv(f"RETURNDESK_{secret.upper()}", raising=False)  # the suite sets test secrets
    others = {"shop_api_token": "a-real-shop-token", "secret_key": "a-real-secret", "chat_secret": "a-real-chat-secret"}
    others.pop(secret)
    with pytest.raises(ValidationError, match=f"RETURNDESK_{secret.upper()} is still the development default"):
        Settings(environment="production", _env_file=None, **others)


def test_production_starts_with_real_secrets():
    settings = Settings(
        environment="production", shop_api_token="t" * 32, secret_key="s" * 32, chat_secret="c" * 32, _env_file=None
    )
    assert settings.environment == "production"
