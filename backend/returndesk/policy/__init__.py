"""The return policy engine: one YAML file in, decisions and the public policy text out.

    policy = load_policy("policies/default.yml")     # PolicyError names file, line, key, fix
    decision = evaluate(policy, request)              # pure: facts in, Decision out
    line_eligibility(policy, item, purchase, today)   # for returnable-items

No database, no clock, no I/O beyond reading the file: see policies/README.md for the schema.
"""

from ..kit.yamlnodes import PolicyError
from .decision import (
    Decision,
    Eligibility,
    EvidenceRequirement,
    Explanation,
    FaultSide,
    LineDecision,
    Outcome,
    Question,
    ResolutionOption,
)
from .eligibility import line_eligibility
from .engine import evaluate
from .facts import Item, Purchase, ReturnLine, ReturnRequest
from .loader import load_policy
from .reasons import REASON_CODES, REASON_FAULT
from .schema import Policy

__all__ = [
    "REASON_CODES",
    "REASON_FAULT",
    "Decision",
    "Eligibility",
    "EvidenceRequirement",
    "Explanation",
    "FaultSide",
    "Item",
    "LineDecision",
    "Outcome",
    "Policy",
    "PolicyError",
    "Purchase",
    "Question",
    "ResolutionOption",
    "ReturnLine",
    "ReturnRequest",
    "evaluate",
    "line_eligibility",
    "load_policy",
]
