"""GET /analytics/summary, /analytics/return-rates and /analytics/reasons for admins and supervisors."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from ..db import DbSession
from ..kit.language import RequestLocale, spoken
from ..order.repository import product_categories
from ..policy.current import CurrentPolicy
from .costs import return_costs
from .csv import attachment, reasons_csv, return_rates_csv
from .cycle_times import cycle_times, refund_sla
from .dependencies import CSV_RESPONSE, Analyst, Scope
from .names import names
from .reasons import ReasonGrouping, reason_breakdown
from .return_rates import Grouping, overall, rate_rows, summary_rates

router = APIRouter(prefix="/analytics", tags=["analytics"])
Lang = Annotated[str | None, Query(max_length=35, description='"en" or "zh" (zh-CN too); wins over Accept-Language')]


@router.get("/summary")
def get_summary(_: Analyst, scope: Scope, session: DbSession, policy: CurrentPolicy) -> dict[str, Any]:
    """Return rate, cycle times, refund SLA and return costs for orders placed in the range."""
    return {
        "range": scope.as_range(),
        "currency": policy.currency,
        "return_rate": summary_rates(overall(session, scope), policy.currency),
        "cycle_times": cycle_times(session, scope),
        "refund_sla": refund_sla(session, scope),
        "costs": return_costs(session, scope, policy),
    }


@router.get("/return-rates", responses=CSV_RESPONSE)
def get_return_rates(
    _: Analyst, scope: Scope, session: DbSession, by: Grouping = "category", format: Literal["json", "csv"] = "json"
) -> Any:
    """Return rates per category, SKU or month, highest unit rate first (months in order), with monthly trends."""
    rows = rate_rows(session, scope, by)
    if format == "csv":
        return attachment(return_rates_csv(rows), f"return-rates-{by}", scope)
    return {"by": by, "rows": rows}


@router.get("/reasons", responses=CSV_RESPONSE)
def get_reasons(
    _: Analyst,
    scope: Scope,
    session: DbSession,
    by: ReasonGrouping | None = None,
    format: Literal["json", "csv"] = "json",
) -> Any:
    """Units returned per reason: overall, per month, and per category or SKU when `by` is given."""
    body = reason_breakdown(session, scope, by)
    if format == "csv":
        return attachment(reasons_csv(body), "reasons" + (f"-{by}" if by else ""), scope)
    return body


@router.get("/names")
def get_names(
    _: Analyst, session: DbSession, policy: CurrentPolicy, requested: RequestLocale, lang: Lang = None
) -> dict[str, Any]:
    """The names of the codes the other analytics answers hold (reasons, steps, findings, categories)."""
    categories = tuple(dict.fromkeys((*policy.categories, *product_categories(session))))
    return names(spoken(lang, requested), categories)
