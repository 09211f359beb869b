"""`python -m returndesk.vocabulary`: the vocabulary in every language, as JSON keyed by language.

What GET /api/v1/vocabulary serves, without a server: the assistant's tests read it this way to
hold the NLU data and the actions to the service's codes (tests/test_vocabulary.py)."""

from __future__ import annotations

import json
import sys

from .service import vocabulary
from .words import CATALOGUE

if __name__ == "__main__":
    json.dump({language: vocabulary(language) for language in sorted(CATALOGUE)}, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
