"""Fixtures for the policy engine tests: the three shipped policies, loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest

from returndesk.policy import Policy, load_policy

POLICY_DIR = Path(__file__).parents[2] / "policies"
SHIPPED = ("default", "china_online", "membership_tiers")


@pytest.fixture(scope="session")
def default_policy() -> Policy:
    return load_policy(POLICY_DIR / "default.yml")


@pytest.fixture(scope="session")
def china_policy() -> Policy:
    return load_policy(POLICY_DIR / "china_online.yml")


@pytest.fixture(scope="session")
def tiers_policy() -> Policy:
    return load_policy(POLICY_DIR / "membership_tiers.yml")
