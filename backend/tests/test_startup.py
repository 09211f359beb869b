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


SECRETS = [
    "shop_api_token",
    "secret_key",
    "chat_secret",
    "shop_context_secret",
    "evidence_link_secret",
    "rasa_token",
]


@pytest.mark.parametrize("secret", SECRETS)
def test_production_refuses_development_secrets(secret, monkeypatch):
    monkeypatch.delenv(f"RETURNDESK_{secret.upper()}", raising=False)  # the suite sets test secrets
    others = {name: f"a-real-{name}" for name in SECRETS if name != secret}
    with pytest.raises(ValidationError, match=f"RETURNDESK_{secret.upper()} is still the development default"):
        Settings(environment="production", _env_file=None, **others)


def test_production_starts_with_real_secrets():
    settings = Settings(environment="production", _env_file=None, **{name: name[0] * 32 for name in SECRETS})
    assert settings.environment == "production"


@pytest.mark.parametrize(
    "origins",
    ["shop.example.com", "https://shop.example.com/", "https://shop.example.com/page", "ftp://shop.example.com"],
)
def test_chat_origins_that_are_not_origins_are_refused_at_start(origins):
    with pytest.raises(ValidationError, match="RETURNDESK_CHAT_ALLOWED_ORIGINS: .* is not an origin"):
        Settings(chat_allowed_origins=origins, _env_file=None)


def test_chat_origins_are_a_comma_separated_list():
    settings = Settings(chat_allowed_origins=" https://shop.example.com, http://localhost:3000 ,", _env_file=None)
    assert settings.chat_origins == {"https://shop.example.com", "http://localhost:3000"}
