"""An address as it is written on a parcel, in the order its country writes it.

Chinese addresses run from the largest place to the smallest (province, city, street, name), the
rest of the world's mostly from the person to the country. The lines come from the order's
delivery address (order/schemas.py AddressIn), stored as sent.
"""

from __future__ import annotations

from typing import Any

LARGEST_FIRST = frozenset({"CN", "TW", "HK", "MO", "JP", "KR"})
# Where the town comes before its postcode: "London NW1 6XE", "San Francisco, CA 94105".
TOWN_FIRST = frozenset({"GB", "IE"})
TOWN_REGION_POSTCODE = frozenset({"US", "CA", "AU"})


def written_address(address: dict[str, Any]) -> tuple[str, ...]:
    """The lines under the name, e.g. ("27 Baker Street", "London NW1 6XE", "GB")."""
    lines = list(address["lines"])
    city, postcode, region, country = (
        address["city"],
        address.get("postcode"),
        address.get("region"),
        address["country"],
    )
    if country in LARGEST_FIRST:
        place = "".join(part for part in (region if region != city else None, city) if part)
        return (place, *lines, " ".join(part for part in (postcode, country) if part))
    if country in TOWN_REGION_POSTCODE:
        state = " ".join(part for part in (region, postcode) if part)
        return (*lines, f"{city}, {state}" if state else city, country)
    town = " ".join(part for part in ((city, postcode) if country in TOWN_FIRST else (postcode, city)) if part)
    return (*lines, *((town, region) if region else (town,)), country)
