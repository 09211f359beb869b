"""The policy in force: loaded once from the file named in settings, shared by all requests."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from fastapi import Depends

from ..config import get_settings
from . import Policy, load_policy


@lru_cache
def get_policy() -> Policy:
    return load_policy(get_settings().policy_file)


CurrentPolicy = Annotated[Policy, Depends(get_policy)]
