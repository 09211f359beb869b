"""The authority matrix in force: loaded once from the file named in settings."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from fastapi import Depends

from ..config import get_settings
from .loader import load_authority
from .schema import AuthorityMatrix


@lru_cache
def get_authority() -> AuthorityMatrix:
    return load_authority(get_settings().authority_file)


CurrentAuthority = Annotated[AuthorityMatrix, Depends(get_authority)]
