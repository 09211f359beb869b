from __future__ import annotations

from collections.abc import Iterator

import pytest

from returndesk.payment_provider import use_payment_provider


@pytest.fixture(autouse=True)
def _default_provider() -> Iterator[None]:
    """Each test starts (and leaves the service) with the default local gateway."""
    use_payment_provider(None)
    yield
    use_payment_provider(None)
