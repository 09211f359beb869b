"""The authority matrix, read like the policy it is: who may do what, up to how much."""

from __future__ import annotations

from pathlib import Path

import pytest

from returndesk.authority import Allowed, AuthorityError, Refused, check, load_authority
from returndesk.config import BACKEND_DIR

MATRIX = load_authority(BACKEND_DIR / "authority" / "default.yml")


@pytest.mark.parametrize(
    ("role", "action", "amount", "spent", "expected"),
    [
        pytest.param("agent", "refund", 9999, 0, None, id="agent-small-refund"),
        pytest.param("agent", "refund", 10000, 0, None, id="agent-refund-exactly-at-limit"),
        pytest.param(
            "agent",
            "refund",
            18000,
            0,
            "refund 180.00 EUR exceeds your per-case limit of 100.00 EUR",
            id="agent-refund-over-case-limit",
        ),
        pytest.param(
            "agent",
            "refund",
            10001,
            0,
            "refund 100.01 EUR exceeds your per-case limit of 100.00 EUR",
            id="one-cent-over",
        ),
        pytest.param("agent", "coupon", 2000, 0, None, id="agent-coupon-at-limit"),
        pytest.param(
            "agent",
            "coupon",
            2500,
            0,
            "coupon 25.00 EUR exceeds your per-case limit of 20.00 EUR",
            id="agent-coupon-over",
        ),
        pytest.param("agent", "store_credit", 10000, 0, None, id="store-credit-uses-refund-limit"),
        pytest.param("agent", "refund", 5000, 95000, None, id="daily-total-reached-exactly"),
        pytest.param(
            "agent",
            "refund",
            5001,
            95000,
            "refund 50.01 EUR exceeds your daily limit of 1000.00 EUR (950.00 EUR already moved today, 50.00 EUR left)",
            id="daily-total-exceeded",
        ),
        pytest.param("agent", "note", 0, 0, None, id="agent-note"),
        pytest.param("senior_agent", "refund", 18000, 0, None, id="senior-covers-180"),
        pytest.param("supervisor", "refund", 250000, 0, None, id="supervisor-at-limit"),
        pytest.param("admin", "refund", 10**9, 10**9, None, id="admin-unlimited"),
        pytest.param("warehouse", "refund", 100, 0, "your role (warehouse) may not refund", id="warehouse-no-refund"),
        pytest.param("warehouse", "note", 0, 0, None, id="warehouse-note"),
        pytest.param("bot", "coupon", 1000, 0, None, id="bot-coupon-at-limit"),
        pytest.param(
            "bot", "coupon", 1001, 0, "coupon 10.01 EUR exceeds your per-case limit of 10.00 EUR", id="bot-coupon-over"
        ),
        pytest.param("bot", "approve_return", 0, 0, "your role (bot) may not approve return", id="bot-cannot-approve"),
        pytest.param("intern", "refund", 1, 0, '"intern" is not a role this desk knows', id="unknown-role"),
    ],
)
def test_check(role: str, action: str, amount: int, spent: int, expected: str | None) -> None:
    verdict = check(MATRIX, role, action, amount, spent)
    if expected is None:
        assert verdict == Allowed()
    else:
        assert verdict == Refused(expected)


@pytest.mark.parametrize(
    ("action", "amount", "case_spent", "expected"),
    [
        pytest.param("refund", 4000, 6000, None, id="second-refund-fills-the-case-limit"),
        pytest.param(
            "refund",
            4001,
            6000,
            "refund 40.01 EUR exceeds your per-case limit of 100.00 EUR (60.00 EUR already moved on this case)",
            id="second-refund-over-the-case-limit",
        ),
        pytest.param("coupon", 500, 1500, None, id="second-coupon-at-limit"),
    ],
)
def test_the_case_limit_counts_what_was_already_moved(
    action: str, amount: int, case_spent: int, expected: str | None
) -> None:
    verdict = check(MATRIX, "agent", action, amount, 0, case_spent_minor=case_spent)
    assert verdict == (Allowed() if expected is None else Refused(expected))


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "authority.yml"
    path.write_text(text)
    return path


GOOD_ROLE = (
    '    actions: [note]\n    max_refund_per_case: "0.00"\n    max_coupon_per_case: "0.00"\n    daily_total: null\n'
)


def _matrix(**replace_roles: str) -> str:
    roles = ("bot", "agent", "senior_agent", "supervisor", "warehouse", "admin")
    body = "".join(f"  {role}:\n{replace_roles.get(role, GOOD_ROLE)}" for role in roles)
    return "authority:\n  currency: EUR\nroles:\n" + body


def test_a_minimal_file_loads(tmp_path: Path) -> None:
    matrix = load_authority(_write(tmp_path, _matrix()))
    assert matrix.roles["admin"].daily_total_minor is None
    assert matrix.roles["agent"].actions == frozenset({"note"})


@pytest.mark.parametrize(
    ("role_text", "message"),
    [
        pytest.param(
            GOOD_ROLE.replace("max_refund_per_case", "max_refund_per_cas"),
            'line 11, roles.agent.max_refund_per_cas: unknown key "max_refund_per_cas"; '
            'did you mean "max_refund_per_case"?',
            id="typo-in-key",
        ),
        pytest.param(
            GOOD_ROLE.replace("[note]", "[refnud]"),
            "line 10, roles.agent.actions[0]: unknown action",
            id="unknown-action",
        ),
        pytest.param(
            GOOD_ROLE.replace('max_refund_per_case: "0.00"', "max_refund_per_case: 100.10"),
            'roles.agent.max_refund_per_case: write amounts quoted, e.g. "100.10"',
            id="unquoted-amount",
        ),
        pytest.param(
            GOOD_ROLE.replace('max_refund_per_case: "0.00"', 'max_refund_per_case: "ten"'),
            "roles.agent.max_refund_per_case: expected an amount",
            id="not-an-amount",
        ),
    ],
)
def test_load_errors_name_file_line_and_key(tmp_path: Path, role_text: str, message: str) -> None:
    with pytest.raises(AuthorityError) as raised:
        load_authority(_write(tmp_path, _matrix(agent=role_text)))
    assert "authority.yml" in str(raised.value)
    assert message in str(raised.value)


def test_every_role_is_required(tmp_path: Path) -> None:
    text = _matrix().replace("  warehouse:\n" + GOOD_ROLE, "")
    with pytest.raises(AuthorityError, match='missing role "warehouse"'):
        load_authority(_write(tmp_path, text))


def test_unknown_role_is_refused(tmp_path: Path) -> None:
    with pytest.raises(AuthorityError, match='line 35, roles.intern: unknown role "intern"'):
        load_authority(_write(tmp_path, _matrix() + "  intern:\n" + GOOD_ROLE))
