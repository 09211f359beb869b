"""Settings as a production deployment has them, for tests of what production refuses or hides."""

from __future__ import annotations

from typing import Any

from returndesk.config import Settings

SECRETS = (
    "shop_api_token",
    "secret_key",
    "chat_secret",
    "shop_context_secret",
    "evidence_link_secret",
    "rasa_token",
    "carrier_webhook_secret",
)
REAL_SECRETS = {name: name[0] * 32 for name in SECRETS}
# The suite lowers argon2id's cost in the environment (tests/conftest.py), which production refuses.
DEFAULT_PASSWORD_HASHING = {"password_hash_time_cost": 3, "password_hash_memory_kib": 65536}


def production_settings(**overrides: Any) -> Settings:
    return Settings(
        **{"environment": "production", "_env_file": None, **REAL_SECRETS, **DEFAULT_PASSWORD_HASHING, **overrides}
    )
