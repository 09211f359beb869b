"""Delegated authority: which role may do what, and up to how much money."""

from .check import Allowed, Refused, check
from .loader import AuthorityError, load_authority
from .schema import ACTIONS, MONEY_ACTIONS, ROLES, AuthorityMatrix, RoleAuthority

__all__ = [
    "ACTIONS",
    "MONEY_ACTIONS",
    "ROLES",
    "Allowed",
    "AuthorityError",
    "AuthorityMatrix",
    "Refused",
    "RoleAuthority",
    "check",
    "load_authority",
]
