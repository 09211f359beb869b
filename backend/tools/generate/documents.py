"""The decision and engine facts stored on each generated return, in the shapes the service stores
(`Decision.to_dict()`, `rma.facts.request_as_json`), so the console and a replay can read them.

History is not re-decided by the policy engine (too slow for a million returns, and the policy of
months ago is not today's): the decision says so in its rule id and explanation.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from returndesk.policy.reasons import REASON_FAULT

from .profile import CURRENCY, LABEL_COST_MINOR, POLICY_VERSION, REFUND_DUE_DAYS

RULE_ID = "history.generated"
EXPLANATION = {"rule_id": RULE_ID, "text": "Generated demo history: recorded as decided, not re-evaluated."}


def shipping_payer(reasons: list[str]) -> str:
    """The merchant pays the label when any line is its or the carrier's fault."""
    sides = {REASON_FAULT[reason].value for reason in reasons}
    return "customer" if sides == {"customer"} else "merchant"


def decision(
    outcome: str, lines: list[dict[str, Any]], refund_estimate_minor: int, return_by: date, payer: str
) -> dict[str, Any]:
    """`lines`: dicts with line_id, quantity, reason, refund_estimate_minor."""
    return {
        "outcome": outcome,
        "rule_ids": [RULE_ID],
        "explanations": [EXPLANATION],
        "lines": [
            {
                "line_id": line["line_id"],
                "quantity": line["quantity"],
                "reason": line["reason"],
                "outcome": outcome,
                "window_end": return_by.isoformat(),
                "rule_ids": [RULE_ID],
                "explanations": [EXPLANATION],
                "restocking_fee_minor": 0,
                "refund_estimate_minor": line["refund_estimate_minor"],
            }
            for line in lines
        ],
        "questions": [],
        "required_evidence": [],
        "shipping_payer": payer,
        "label_cost_minor": LABEL_COST_MINOR,
        "restocking_fee_minor": 0,
        "refund_estimate_minor": refund_estimate_minor,
        "currency": CURRENCY,
        "resolutions": [],
        "alternatives": [],
        "return_by": return_by.isoformat(),
        "refund_due_days": REFUND_DUE_DAYS,
        "policy_version": POLICY_VERSION,
    }


def facts(
    purchase: dict[str, Any], items: list[tuple[dict[str, Any], int, str]], today: date, resolution: str
) -> dict[str, Any]:
    """`purchase` as `Purchase` fields (dates ISO); `items`: (Item fields, quantity, reason)."""
    return {
        "purchase": purchase,
        "lines": [{"item": item, "quantity": quantity, "reason": reason} for item, quantity, reason in items],
        "today": today.isoformat(),
        "answers": {},
        "evidence": {},
        "preferred_resolution": resolution,
        "reason_disputed": False,
        "evidence_suspect": False,
        "locale": "en",
    }
