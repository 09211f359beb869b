"""Percentiles shared by the service and chat benchmarks (stdlib only: both environments import it)."""

from __future__ import annotations

import math


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile (no interpolation: every reported value was actually observed)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(1, math.ceil(p / 100 * len(ordered))) - 1]
