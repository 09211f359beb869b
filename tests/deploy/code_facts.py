"""What the code says a deployment must match: ports, settings, variables read, routes, modules, pins.

Read from the source as text (the service's code needs Python 3.11 and its own environment; these
tests run in Rasa's), so that a rename in the code fails the deployment's tests instead of a
deploy.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
from functools import cache
from pathlib import Path

# Python 3.11's tomllib, for Rasa's 3.10 (in its environment through huggingface-hub).
import tomli

REPO = Path(__file__).resolve().parents[2]
BACKEND = REPO / "backend"
ENV_PREFIX = "RETURNDESK_"
# An import's top-level name -> its distribution, where the two differ.
DISTRIBUTIONS = {
    "jwt": "pyjwt",
    "sklearn": "scikit-learn",
    "socketio": "python-socketio",
    "yaml": "pyyaml",
    "rasa_sdk": "rasa-sdk",
}


def read(path: str | Path) -> str:
    return (REPO / path).read_text()


@cache
def ports() -> dict[str, int]:
    """Each component's port as `make run` starts it (Makefile and scripts/run.sh defaults)."""
    makefile, run = read("Makefile"), read("scripts/run.sh")
    return {
        "service": int(re.search(r"^PORT \?= (\d+)", makefile, re.MULTILINE).group(1)),
        "actions": int(re.search(r"ACTIONS_PORT=\$\{ACTIONS_PORT:-(\d+)\}", run).group(1)),
        "rasa": int(re.search(r"RASA_PORT=\$\{RASA_PORT:-(\d+)\}", run).group(1)),
    }


def makefile_variable(name: str) -> str:
    return re.search(rf"^{name} :?= (\S+)", read("Makefile"), re.MULTILINE).group(1)


@cache
def settings_variables() -> frozenset[str]:
    """RETURNDESK_<FIELD> for every field of the service's Settings."""
    tree = ast.parse(read("backend/returndesk/config.py"))
    settings = next(node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == "Settings")
    return frozenset(
        ENV_PREFIX + node.target.id.upper()
        for node in settings.body
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
    )


def refused_default_secrets() -> frozenset[str]:
    """The secrets the service refuses to run on at their development default outside development."""
    names = re.findall(r'\("(\w+)", DEV_\w+\)', read("backend/returndesk/config.py"))
    return frozenset(ENV_PREFIX + name.upper() for name in names)


def placeholders(path: str) -> frozenset[str]:
    """The ${VAR}s Rasa expands in one of its YAML files (comments skipped)."""
    lines = (line.split("#", 1)[0] for line in read(path).splitlines())
    return frozenset(re.findall(r"\$\{(\w+)\}", "\n".join(lines)))


_ENVIRON_READ = re.compile(r"""(?:environ\.get|getenv|environ\[|_ENV\s*=)\(?\s*["'](RETURNDESK_\w+)["']""")


@cache
def variables_read_by_code() -> frozenset[str]:
    """RETURNDESK_* names the service's modules, the actions and bot/ read from the environment."""
    names: set[str] = set()
    for folder in ("actions", "bot", "backend/returndesk"):
        for path in (REPO / folder).rglob("*.py"):
            names.update(_ENVIRON_READ.findall(path.read_text()))
    return frozenset(names)


def known_variables() -> frozenset[str]:
    return (
        settings_variables()
        | placeholders("endpoints.production.yml")
        | placeholders("credentials.yml")
        | variables_read_by_code()
    )


def python_module_exists(module: str) -> bool:
    """returndesk.X in backend/, anything else (bot.X, actions) from the repository root."""
    root = BACKEND if module.split(".")[0] == "returndesk" else REPO
    path = root.joinpath(*module.split("."))
    return path.with_suffix(".py").is_file() or (path / "__main__.py").is_file() or (path / "__init__.py").is_file()


def _site_packages_file(package: str, relative: str) -> str:
    spec = importlib.util.find_spec(package)  # finds without importing
    assert spec is not None and spec.submodule_search_locations, f"{package} is not installed in {sys.prefix}"
    return (Path(next(iter(spec.submodule_search_locations))) / relative).read_text()


def _open_get_routes(source: str) -> list[str]:
    """Sanic GET routes a probe can ask: without the auth token (no @requires_auth under them)."""
    return re.findall(r'@app\.get\("([^"]+)"\)\s*\n(?!\s*@requires_auth)', source)


@cache
def routes() -> dict[str, frozenset[str]]:
    """GET paths each component serves: the service's health route, rasa_sdk's and Rasa's own."""
    main = read("backend/returndesk/main.py")
    prefix = re.search(r'API_PREFIX = "([^"]+)"', main).group(1)
    service = {prefix + path for path in re.findall(r'api\.add_api_route\("([^"]+)"', main)}
    actions = _open_get_routes(_site_packages_file("rasa_sdk", "endpoint.py"))
    rasa = _open_get_routes(_site_packages_file("rasa", "server.py"))
    return {"service": frozenset(service), "actions": frozenset(actions), "rasa": frozenset(rasa)}


@cache
def locked() -> dict[str, dict]:
    """The Rasa environment's lock (uv.lock): name -> package entry."""
    packages = tomli.loads(read("uv.lock"))["package"]
    return {package["name"]: package for package in packages}


def locked_closure(name: str) -> frozenset[str]:
    """The distribution and everything it needs, as the lock resolved them."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(dependency["name"] for dependency in locked()[current].get("dependencies", []))
    return frozenset(seen)


def third_party_imports(paths: list[Path], local: set[str]) -> dict[str, Path]:
    """Distribution name -> one file importing it, for imports outside the standard library and `local`."""
    found: dict[str, Path] = {}
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in local and top != "__future__":
                    found.setdefault(DISTRIBUTIONS.get(top, top.replace("_", "-")), path)
    return found


def local_imports(paths: list[Path], package: str) -> set[str]:
    """Modules of `package` (e.g. bot) that these files import: bot.catalogue, ..."""
    modules: set[str] = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                if node.module == package:
                    modules.update(f"{package}.{alias.name}" for alias in node.names)
                elif node.module.startswith(package + "."):
                    modules.add(node.module)
            elif isinstance(node, ast.Import):
                modules.update(alias.name for alias in node.names if alias.name.startswith(package + "."))
    return modules


def measured_memory_mib() -> dict[str, int]:
    """Resident memory after the chat bench's load (bench/results/chat.md), per process."""
    text = read("bench/results/chat.md")
    row = re.search(r"resident memory[^|]*\|([^|]+)\|", text).group(1)

    def figure(label: str) -> int:
        return int(re.search(rf"{label} ([\d,]+) MiB", row).group(1).replace(",", ""))

    return {"rasa": figure("Rasa server"), "actions": figure("action server"), "service": figure("returns service")}


# What `make run` starts only on a developer's machine, in place of infrastructure a deployment has.
DEVELOPMENT_ONLY = {"returndesk.mail.sink": "saves emails under var/mail/ where no mail server is given"}


def worker_modules() -> list[str]:
    """The service's worker processes `make run` starts (scripts/run.sh), by module, in order."""
    # Not the one-off `--needed` question run.sh asks before starting the rollups.
    found = re.findall(r"\.venv/bin/python -m (returndesk[\w.]+)(?![\w.])(?! --needed)", read("scripts/run.sh"))
    return [module for module in dict.fromkeys(found) if module not in DEVELOPMENT_ONLY]
