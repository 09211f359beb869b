"""What every analytics endpoint asks for: an analyst, the filter of the query, a CSV answer."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends

from ..models import StaffUser
from ..staff.auth import require_role
from .filters import AnalyticsFilter, analytics_filter

ANALYST_ROLES = ("admin", "supervisor")
Analyst = Annotated[StaffUser, Depends(require_role(*ANALYST_ROLES))]
Scope = Annotated[AnalyticsFilter, Depends(analytics_filter)]
CSV_RESPONSE: dict[int | str, dict[str, Any]] = {200: {"content": {"text/csv": {}}, "description": "JSON, or CSV"}}
