"""The import contracts in pyproject.toml bite: one forbidden import added to a copy of the package
makes lint-imports fail, and the untouched copy passes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BACKEND = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"], cwd=root, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    # Only the package and the contracts: the graph is built from the source, nothing is imported.
    shutil.copytree(BACKEND / "returndesk", tmp_path / "returndesk", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(BACKEND / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def add_import(root: Path, module: str, line: str) -> None:
    path = root / (module.replace(".", "/") + ".py")
    path.write_text(path.read_text() + f"\n{line}\n")


def test_the_package_as_it_is_keeps_every_contract(copy):
    result = lint_imports(copy)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        pytest.param(
            "returndesk.kit.money", "from ..returns import service", "Layers point down", id="kit imports a domain"
        ),
        pytest.param(
            "returndesk.models.rma", "from ..policy import evaluate", "Layers point down", id="models import the policy"
        ),
        pytest.param(
            "returndesk.policy.engine",
            "from ..db import transaction",
            "Layers point down",
            id="the policy opens a session",
        ),
        pytest.param(
            "returndesk.policy.engine", "from ..order import service", "Layers point down", id="the policy reads orders"
        ),
        pytest.param(
            "returndesk.staff.service",
            "from ..returns import service as rmas",
            "Layers point down",
            id="staff, below the returns, imports them",
        ),
        pytest.param(
            "returndesk.rma.lifecycle",
            "from ..exchange import variants",
            "Layers point down",
            id="a return's record imports the exchange built on it",
        ),
        pytest.param(
            "returndesk.rma.repository",
            "from . import lifecycle",
            "No import cycles among siblings",
            id="two modules of a package import each other",
        ),
        pytest.param(
            "returndesk.returns.endpoints",
            "from ..payment.endpoints import router",
            "Only main imports endpoint modules",
            id="an endpoint module imports another's",
        ),
    ],
)
def test_a_forbidden_import_breaks_its_contract(copy, module, line, contract):
    add_import(copy, module, line)
    result = lint_imports(copy)
    assert result.returncode != 0
    assert f"{contract}" in result.stdout.split("Broken contracts", 1)[-1], result.stdout
