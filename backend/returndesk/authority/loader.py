"""YAML authority file -> AuthorityMatrix, refusing anything that could hand out money by mistake.

A typo here is a money bug ("max_refund_per_cas: 100" silently meaning "no limit"), so unknown
keys, unknown roles or actions, missing roles and malformed amounts are load errors naming the
file, line and key, like the policy loader.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import MappingProxyType

from ..kit.money import parse_amount
from ..kit.yamlnodes import PolicyError, Y, compose, display_name
from .schema import ACTIONS, ROLES, AuthorityMatrix, RoleAuthority

ROLE_KEYS = {"actions", "max_refund_per_case", "max_coupon_per_case", "daily_total"}


class AuthorityError(PolicyError):
    """An authority file that cannot be used; the message names file, line, key path and the fix."""


def load_authority(path: str | Path) -> AuthorityMatrix:
    """Read, validate and freeze one authority file; raises AuthorityError on anything doubtful."""
    path = Path(path)
    file = display_name(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise AuthorityError(file, None, "", f"cannot read the file ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise AuthorityError(file, None, "", "not UTF-8 text; save the file as UTF-8") from None
    return _read(text, file)


def _read(text: str, file: str) -> AuthorityMatrix:
    try:
        top = compose(text, file).fields({"authority", "roles"}, set())
        head = top["authority"].fields({"currency"}, set())
        currency = head["currency"].raw()
        if not re.fullmatch(r"[A-Z]{3}", currency):
            head["currency"].fail(f'expected an ISO 4217 currency code such as "EUR", got "{currency}"')
        roles: dict[str, RoleAuthority] = {}
        for role, node in top["roles"].items():
            if role not in ROLES:
                node.fail(f'unknown role "{role}"; expected one of: {", ".join(ROLES)}')
            roles[role] = _role(role, node, currency)
        for role in ROLES:
            if role not in roles:
                top["roles"].fail(f'missing role "{role}"; every role needs an entry (actions: [] to allow nothing)')
    except AuthorityError:
        raise
    except PolicyError as exc:
        raise AuthorityError(exc.file, exc.line, exc.path, exc.message) from None
    return AuthorityMatrix(currency=currency, roles=MappingProxyType(roles), source=file)


def _role(role: str, node: Y, currency: str) -> RoleAuthority:
    fields = node.fields(ROLE_KEYS, set())
    actions = fields["actions"].seq()
    names = [item.choice(ACTIONS, "action") for item in actions]
    return RoleAuthority(
        role=role,
        actions=frozenset(names),
        max_refund_per_case_minor=_limit(fields["max_refund_per_case"], currency),
        max_coupon_per_case_minor=_limit(fields["max_coupon_per_case"], currency),
        daily_total_minor=_limit(fields["daily_total"], currency),
    )


def _limit(node: Y, currency: str) -> int | None:
    if node.is_null():
        return None
    raw = node.raw()
    if not isinstance(node.value(), str):
        # 100.10 as a YAML float could already be rounded; amounts are written quoted.
        node.fail(f'write amounts quoted, e.g. "{raw}", or null for no limit')
    try:
        return parse_amount(raw, currency)
    except ValueError as exc:
        node.fail(f'{exc} (got {raw!r}); write e.g. "100.00" or null for no limit')
