"""Start-up refuses to serve on a broken policy or on development secrets in production."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from returndesk.config import Settings
from returndesk.label.destinations import DEFAULT_ROUTING_FILE, load_routing
from returndesk.policy import load_policy
from returndesk.warehouse.checklists import DEFAULT_CHECKLISTS_FILE, load_checklists

from .production_settings import DEFAULT_PASSWORD_HASHING, SECRETS, production_settings
from .service_start import start_service

BACKEND_DIR = Path(__file__).resolve().parent.parent


def test_a_broken_policy_file_stops_the_service_with_the_file_line_and_key(tmp_path):
    policy = tmp_path / "broken.yml"
    policy.write_text((BACKEND_DIR / "policies" / "default.yml").read_text().replace("days: 30", "days: thirty", 1))
    result = start_service(tmp_path, RETURNDESK_POLICY_FILE=str(policy))
    assert result.returncode != 0
    assert "the return policy is invalid" in result.stderr
    assert f"{policy.name} line" in result.stderr and "thirty" in result.stderr


SHIPPED_POLICIES = sorted((BACKEND_DIR / "policies").glob("*.yml"))


@pytest.mark.parametrize("policy_file", SHIPPED_POLICIES, ids=lambda path: path.stem)
def test_every_shipped_policy_passes_the_start_up_checks(policy_file):
    # What lifespan() checks before serving: the policy, then routing and QC against its categories.
    policy = load_policy(policy_file)
    assert load_routing(DEFAULT_ROUTING_FILE, categories=policy.categories, currency=policy.currency).routes
    assert load_checklists(DEFAULT_CHECKLISTS_FILE, categories=policy.categories).by_category


@pytest.mark.parametrize(
    ("dropped", "fragments"),
    [
        pytest.param(
            "made_to_order, ",
            (
                "cannot start: the routing file is invalid: routing/destinations.yml line",
                'unknown category "made_to_order"',
            ),
            id="a category routing names",
        ),
        pytest.param(
            "shoes, ",
            ("cannot start: the QC checklists are invalid: warehouse/checklists.yml line", "checklists.shoes"),
            id="a category the QC checklists name",
        ),
    ],
)
def test_a_policy_must_declare_every_category_routing_and_qc_use(tmp_path, dropped, fragments):
    # policies/README.md, "categories": the rule this test keeps true.
    text = (BACKEND_DIR / "policies" / "membership_tiers.yml").read_text(encoding="utf-8")
    policy = tmp_path / "narrow.yml"
    policy.write_text(text.replace(dropped, "", 1), encoding="utf-8")
    result = start_service(tmp_path, RETURNDESK_POLICY_FILE=str(policy))
    assert result.returncode != 0
    assert all(fragment in result.stderr for fragment in fragments), result.stderr[-2000:]


@pytest.mark.parametrize("secret", SECRETS)
def test_production_refuses_development_secrets(secret, monkeypatch):
    monkeypatch.delenv(f"RETURNDESK_{secret.upper()}", raising=False)  # the suite sets test secrets
    others = {name: f"a-real-{name}" for name in SECRETS if name != secret}
    with pytest.raises(ValidationError, match=f"RETURNDESK_{secret.upper()} is still the development default"):
        Settings(environment="production", _env_file=None, **others, **DEFAULT_PASSWORD_HASHING)


def test_production_starts_with_real_secrets():
    settings = production_settings()
    assert settings.environment == "production"


@pytest.mark.parametrize("weak", [{"password_hash_time_cost": 1}, {"password_hash_memory_kib": 64}])
def test_production_refuses_password_hashing_below_the_safe_minimum(weak):
    with pytest.raises(ValidationError, match="below argon2id's safe minimum"):
        production_settings(**weak)


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
