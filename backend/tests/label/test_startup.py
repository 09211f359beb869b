"""A broken routing file stops the service at start, not at the first customer's label."""

from __future__ import annotations

from returndesk.label.destinations import DEFAULT_ROUTING_FILE

from ..service_start import start_service


def test_a_broken_routing_file_stops_the_service_with_the_file_line_and_key(tmp_path):
    routing = tmp_path / "destinations.yml"
    routing.write_text(DEFAULT_ROUTING_FILE.read_text(encoding="utf-8").replace("to: vendor", "to: vendr", 1))
    result = start_service(tmp_path, RETURNDESK_ROUTING_FILE=str(routing))
    assert result.returncode != 0
    assert "the routing file is invalid" in result.stderr
    assert f"{routing.name} line" in result.stderr and 'routes[1].to: unknown destination "vendr"' in result.stderr
