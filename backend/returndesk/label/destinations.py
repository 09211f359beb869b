"""routing/destinations.yml -> Routing: where each returned line goes, refusing anything doubtful.

A wrong route sends a parcel to the wrong building, so the file is read as strictly as a policy
(`policy/yamlnodes.py`): unknown keys, categories the policy does not declare, unknown reason
codes and destinations are load errors naming the file, the line and the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..kit.money import parse_amount
from ..kit.yamlnodes import ID_PATTERN, RULE_ID_PATTERN, PolicyError, Y, compose, display_name
from ..policy.reasons import REASON_CODES

BACKEND_DIR = Path(__file__).resolve().parents[2]
DEFAULT_ROUTING_FILE = BACKEND_DIR / "routing" / "destinations.yml"
MAX_ADDRESS_LINES = 6


@dataclass(frozen=True)
class Destination:
    id: str
    name: str
    ships: bool  # False: the customer keeps the item, nothing is posted and there is no label
    address: tuple[str, ...] = ()
    instructions: str | None = None

    @property
    def one_line(self) -> str:
        return ", ".join(self.address)


@dataclass(frozen=True)
class Route:
    id: str
    to: Destination
    categories: frozenset[str] = frozenset()
    reasons: frozenset[str] = frozenset()
    max_unit_price_minor: int | None = None

    def matches(self, *, category: str, reason: str, unit_price_minor: int) -> bool:
        return (
            (not self.categories or category in self.categories)
            and (not self.reasons or reason in self.reasons)
            and (self.max_unit_price_minor is None or unit_price_minor <= self.max_unit_price_minor)
        )


@dataclass(frozen=True)
class Routing:
    destinations: dict[str, Destination]
    routes: tuple[Route, ...]
    default: Destination

    def destination_for(self, *, category: str, reason: str, unit_price_minor: int) -> tuple[Destination, str]:
        """The destination of one line and the id of the route that chose it ("default" if none)."""
        for route in self.routes:
            if route.matches(category=category, reason=reason, unit_price_minor=unit_price_minor):
                return route.to, route.id
        return self.default, "default"


def load_routing(path: str | Path, *, categories: tuple[str, ...], currency: str) -> Routing:
    """Read one routing file against the policy in force (its categories and currency)."""
    path = Path(path)
    file = display_name(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise PolicyError(file, None, "", f"cannot read the file ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise PolicyError(file, None, "", "not UTF-8 text; save the file as UTF-8") from None
    top = compose(text, file).fields({"destinations", "routes", "default"}, set())

    destinations: dict[str, Destination] = {}
    for key, node in top["destinations"].items():
        destinations[key] = _destination(key, node)
    if not destinations:
        top["destinations"].fail("declare at least one destination, e.g. main_warehouse")
    if not any(d.ships for d in destinations.values()):
        top["destinations"].fail("at least one destination must receive parcels (ships: true)")

    def destination(node: Y) -> Destination:
        return destinations[node.choice(sorted(destinations), "destination")]

    routes: list[Route] = []
    seen: set[str] = set()
    for node in top["routes"].seq():
        fields = node.fields({"id", "to"}, {"when"})
        route_id = fields["id"].raw()
        if not route_id.startswith("route.") or not RULE_ID_PATTERN.match(route_id):
            fields["id"].fail(f'expected an id such as "route.electronics_fault", got "{route_id}"')
        if route_id in seen:
            fields["id"].fail(f'route id "{route_id}" is used twice; give each route its own id')
        seen.add(route_id)
        when = fields["when"].fields(set(), {"categories", "reasons", "max_unit_price"}) if "when" in fields else {}
        max_price = None
        if "max_unit_price" in when:
            try:
                max_price = parse_amount(when["max_unit_price"].value(), currency)
            except ValueError as exc:
                when["max_unit_price"].fail(f'{exc}, got "{when["max_unit_price"].raw()}"')
        listed: dict[str, frozenset[str]] = {key: frozenset() for key in ("categories", "reasons")}
        if "categories" in when:
            listed["categories"] = frozenset(when["categories"].choices(categories, "category"))
        if "reasons" in when:
            listed["reasons"] = frozenset(when["reasons"].choices(REASON_CODES, "reason code"))
        routes.append(Route(route_id, destination(fields["to"]), max_unit_price_minor=max_price, **listed))
    default = destination(top["default"])
    if not default.ships:
        top["default"].fail("the default destination must receive parcels (ships: true); keeping is a route")
    return Routing(destinations=destinations, routes=tuple(routes), default=default)


def _destination(key: str, node: Y) -> Destination:
    fields = node.fields({"name", "ships"}, {"address", "instructions"})
    if not ID_PATTERN.match(key):
        node.fail(f'expected a destination id in lower_snake_case, got "{key}"')
    ships = fields["ships"].flag()
    address = tuple(line.text() for line in fields["address"].seq()) if "address" in fields else ()
    if ships and not address:
        node.fail("a destination that receives parcels needs an address (address: [line, line, ...])")
    if len(address) > MAX_ADDRESS_LINES:
        fields["address"].fail(f"a label has room for {MAX_ADDRESS_LINES} address lines; shorten the address")
    if not ships and address:
        fields["address"].fail("a destination that receives nothing (ships: false) takes no address")
    return Destination(
        id=key,
        name=fields["name"].text(),
        ships=ships,
        address=address,
        instructions=fields["instructions"].text() if "instructions" in fields else None,
    )
