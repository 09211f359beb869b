"""Field types shared by every domain's request bodies, so each rule is written once.

The reason code, the one field that needs the policy's vocabulary, is `policy.reasons.ReasonCode`.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field


class Strict(BaseModel):
    """Request bodies refuse unknown fields: a typo is an error, not silently ignored data."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def normalise_phone(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    if not 7 <= len(digits) <= 15:
        raise ValueError("a phone number has 7 to 15 digits, e.g. +49 40 1234567")
    return digits


Phone = Annotated[str, AfterValidator(normalise_phone)]
# Order numbers are matched case-insensitively: customers type "a1001" for "A1001".
OrderNumber = Annotated[
    str,
    Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$"),
    AfterValidator(str.upper),
]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9_]+$", max_length=64)]
Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code, e.g. EUR")]
EvidenceId = Annotated[str, Field(min_length=4, max_length=64, pattern=r"^ev_[A-Za-z0-9_-]+$")]
Locale = Annotated[str, Field(pattern=r"^[a-z]{2}(-[A-Z]{2})?$", description="e.g. en, zh-CN")]
# The languages the chat speaks: the assistant sends its `language` slot as this.
ChatLocale = Annotated[Literal["en", "zh"], Field(description="The customer's language: en or zh")]

# Money and counts come in as JSON integers only (strict): "15.00" is not 15 minor units, "15" is
# not a number and true is not one unit. The bounds keep a line's total (unit price × quantity)
# inside the database's 32-bit integer columns, so an absurd number is a 422, never a 500.
MAX_QUANTITY = 10_000
MAX_MINOR = 1_000_000_000  # 10,000,000.00 in a two-decimal currency
# An order line's number: the database column is a 32-bit integer, and no order has more lines.
MAX_LINE_NO = 100_000
Quantity = Annotated[
    int, Field(strict=True, ge=1, le=MAX_QUANTITY, description=f"Units, a JSON integer from 1 to {MAX_QUANTITY}")
]
# A count that may be zero: units that arrived at the warehouse, photos of a kind.
LineNo = Annotated[int, Field(ge=1, le=MAX_LINE_NO, description=f"An order line number, 1 to {MAX_LINE_NO}")]
Count = Annotated[int, Field(strict=True, ge=0, le=MAX_QUANTITY, description="A JSON integer, 0 or more")]
MinorAmount = Annotated[
    int,
    Field(strict=True, ge=0, le=MAX_MINOR, description="Minor units (cents) as a JSON integer, e.g. 1500 for 15.00"),
]
