"""Fixtures for the policy engine tests: the shipped policies, loaded once."""

from __future__ import annotations

import pytest

from returndesk.policy import Policy, load_policy

from .policy_factories import POLICY_DIR


@pytest.fixture(scope="session")
def default_policy() -> Policy:
    return load_policy(POLICY_DIR / "default.yml")


@pytest.fixture(scope="session")
def china_policy() -> Policy:
    return load_policy(POLICY_DIR / "china_online.yml")


@pytest.fixture(scope="session")
def tiers_policy() -> Policy:
    return load_policy(POLICY_DIR / "membership_tiers.yml")


@pytest.fixture(scope="session")
def eu_policy() -> Policy:
    return load_policy(POLICY_DIR / "eu_withdrawal.yml")
