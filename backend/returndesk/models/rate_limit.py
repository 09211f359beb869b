"""Fixed-window request counters, shared by every worker and replica through the database."""

from __future__ import annotations

from sqlalchemy import BigInteger, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class RateLimitCounter(Base):
    __tablename__ = "rate_limit_counters"

    scope: Mapped[str] = mapped_column(String(32), primary_key=True)
    client_key: Mapped[str] = mapped_column(String(128), primary_key=True)
    # Unix seconds at which the window starts: one exact value per window, whatever the clock's precision.
    window_start: Mapped[int] = mapped_column(BigInteger, primary_key=True, index=True)
    hits: Mapped[int] = mapped_column(Integer)
