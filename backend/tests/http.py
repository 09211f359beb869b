"""HTTP clients for the tests, all sharing one TLS context.

Each new httpx client otherwise loads the CA bundle into a TLS context of its own: 30 ms, which
the suite paid thousands of times (a client per test, two per staff sign-in, one per cell of the
role table) to talk plain HTTP to the service on loopback.
"""

from __future__ import annotations

import ssl
from typing import Any

import httpx

TLS = ssl.create_default_context()


def http_client(**kwargs: Any) -> httpx.Client:
    return httpx.Client(verify=TLS, **kwargs)
