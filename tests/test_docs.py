"""The README and docs/ name only paths that exist, and the README stays a map.

A doc that names a moved or misspelt file sends its reader nowhere, and nobody notices until a
reader does. Here every mention is checked: text in `backticks` and Markdown link targets that
look like a path (they contain a "/" or end in an extension the repository uses). Backticked
paths are from the repository root; a link is from the folder of the file it is in, and its
#anchor must name a heading there. `<placeholder>`, `*` and `{a,b}` must match at least one
path. Fenced code blocks are commands and examples, not references, and are not read.

Plain file system reads: no model, no server, a few milliseconds.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DOCS = (REPO / "README.md", *sorted((REPO / "docs").glob("*.md")))
README_MAX_LINES = 200

# Extensions of files the repository keeps; a backticked word ending in one is a file name.
EXTENSIONS = {
    ".cfg", ".css", ".example", ".gz", ".html", ".ini", ".js", ".json", ".lock", ".mako", ".md",
    ".png", ".po", ".py", ".sh", ".toml", ".tsv", ".txt", ".yaml", ".yml",
}  # fmt: skip
# Not paths in this repository, though they look like one. Each is a kind, never a single name:
NOT_PATHS = (
    re.compile(r"\s"),  # a command or a phrase (`make run`, `POST /api/v1/returns`), not one path
    re.compile(r"://|^mailto:|@"),  # a URL, an email address or domain (`@history.example`)
    re.compile(r"^/"),  # a route the service or Rasa serves (`/api/v1/policy`, `/console`)
    re.compile(r"^\$|="),  # a shell variable or a setting (`FORMAT=md|html`)
    # Folders that running the product creates, ignored by git: `make run` fills var/, `make model`
    # writes models/, `make setup` builds the environments and node_modules.
    re.compile(r"^(var|models)(/|$)|(^|/)(\.venv|\.venv-tools|node_modules)(/|$)"),
    re.compile(r"^\.\./shared/"),  # the team's shared folder beside the clone, not in the repository
)
# Folders never searched for a bare file name: generated, installed or version control.
UNSEARCHED = {".git", ".venv", ".venv-tools", "node_modules", "var", "models", "__pycache__", ".pytest_cache"}

FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")
LINK = re.compile(r"\[[^\]\n]*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
PLACEHOLDER = re.compile(r"<[^<>/]+>")
BRACES = re.compile(r"\{([^{}]*,[^{}]*)\}")


def looks_like_path(text: str) -> bool:
    if any(pattern.search(text) for pattern in NOT_PATHS):
        return False
    return "/" in text or Path(text.rstrip("/")).suffix in EXTENSIONS


def expand_braces(text: str) -> list[str]:
    """`email.{html,txt}` -> `email.html`, `email.txt`."""
    match = BRACES.search(text)
    if not match:
        return [text]
    return [
        expanded
        for choice in match.group(1).split(",")
        for expanded in expand_braces(text[: match.start()] + choice + text[match.end() :])
    ]


@cache
def file_names() -> frozenset[str]:
    names: set[str] = set()
    for _folder, folders, files in os.walk(REPO):
        folders[:] = [folder for folder in folders if folder not in UNSEARCHED]
        names.update(files)
    return frozenset(names)


def exists(path: str, base: Path) -> bool:
    """Whether `path` (from `base`) names something here: each {choice} of it, each <placeholder>
    matching at least one path; a bare file name may be anywhere."""
    return all(_exists(choice, base) for choice in expand_braces(path))


def _exists(path: str, base: Path) -> bool:
    wants_folder = path.endswith("/")
    pattern = PLACEHOLDER.sub("*", path.rstrip("/"))
    if "/" not in pattern and "*" not in pattern and not wants_folder:
        return pattern in file_names() or (base / pattern).exists()
    matches = list(base.glob(pattern)) if "*" in pattern else [base / pattern]
    return any(match.is_dir() if wants_folder else match.exists() for match in matches)


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"`|\*\*|\[([^\]]*)\]\([^)]*\)", r"\1", heading).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(document: Path) -> set[str]:
    return {slug(heading) for heading in HEADING.findall(FENCE.sub("", document.read_text()))}


def mentions(document: Path) -> Iterator[tuple[int, str, str]]:
    """(line, kind, text) of every backticked text and link target outside fenced blocks."""
    text = document.read_text()
    # Blank out fenced blocks but keep their newlines, so line numbers stay right.
    text = FENCE.sub(lambda block: "\n" * block.group(0).count("\n"), text)
    for number, line in enumerate(text.splitlines(), start=1):
        for target in LINK.findall(line):
            yield number, "link", target
        for code in INLINE_CODE.findall(LINK.sub("", line)):
            yield number, "code", code


def broken(document: Path) -> list[str]:
    problems = []
    for line, kind, text in mentions(document):
        where = f"{document.relative_to(REPO) if document.is_relative_to(REPO) else document.name}:{line}"
        if kind == "code":
            if looks_like_path(text) and not exists(text, REPO):
                problems.append(f"{where}: `{text}` names no path in the repository")
            continue
        target, _, anchor = text.partition("#")
        if re.match(r"^[a-z]+:", target):  # https:, mailto:
            continue
        linked = (document.parent / target).resolve() if target else document
        if target and not (linked.exists() or exists(target, document.parent)):
            problems.append(f"{where}: link to {target}, which does not exist")
        elif anchor and linked.suffix == ".md" and linked.is_file() and anchor not in anchors(linked):
            problems.append(f"{where}: link to #{anchor}, not a heading of {linked.name}")
    return problems


@pytest.mark.parametrize("document", DOCS, ids=[str(doc.relative_to(REPO)) for doc in DOCS])
def test_every_path_a_doc_names_exists(document: Path) -> None:
    problems = broken(document)
    assert not problems, "fix the path or the doc:\n" + "\n".join(problems)


def test_the_readme_is_a_map_not_a_manual() -> None:
    lines = len((REPO / "README.md").read_text().splitlines())
    assert lines <= README_MAX_LINES, (
        f"README.md has {lines} lines (at most {README_MAX_LINES}): move the detail into docs/ and link it"
    )


# The checker itself: a typo must fail, a real path pass, and what is clearly not a path be skipped.
@pytest.mark.parametrize(
    ("text", "found"),
    [
        pytest.param("backend/returndesk/policy/engine.py", True, id="file"),
        pytest.param("backend/returndesk/polcy/engine.py", False, id="typo-in-a-folder"),
        pytest.param("actions/backend_clent.py", False, id="typo-in-a-file"),
        pytest.param("backend_client.py", True, id="bare-file-name"),
        pytest.param("backend_clent.py", False, id="misspelt-bare-file-name"),
        pytest.param("backend/returndesk/vocabulary/", True, id="folder"),
        pytest.param("Makefile/", False, id="file-named-as-folder"),
        pytest.param("locales/<language>/assistant.po", True, id="placeholder"),
        pytest.param("locales/<language>/assistant.pot", False, id="placeholder-matching-nothing"),
        pytest.param("backend/returndesk/templates/notification/<locale>/email.{html,txt}", True, id="braces"),
        pytest.param("backend/returndesk/templates/notification/<locale>/email.{html,pdf}", False, id="one-brace-off"),
        pytest.param("bench/results/*.png", True, id="glob"),
    ],
)
def test_a_path_is_found_only_when_it_exists(text: str, found: bool) -> None:
    assert looks_like_path(text)
    assert exists(text, REPO) is found


@pytest.mark.parametrize(
    "text",
    [
        "make run",
        "POST /api/v1/returns",
        "http://127.0.0.1:8000/api/v1/docs",
        "/api/v1/vocabulary",
        "FORMAT=md|html",
        "var/returndesk.sqlite3",
        "models/returndesk.tar.gz",
        "backend/.venv",
        "../shared/STYLE.md",
        "returndesk.analytics.rollups",
        "RMA-XXXX-XXXX-XXXX",
    ],
)
def test_what_is_not_a_path_is_not_checked(text: str) -> None:
    assert not looks_like_path(text)


def test_a_broken_link_or_anchor_is_caught(tmp_path: Path) -> None:
    (tmp_path / "target.md").write_text("# Title\n\n## Add a `channel`\n")
    doc = tmp_path / "doc.md"
    doc.write_text("[ok](target.md#add-a-channel) [bad](target.md#add-a-chanel)\n[gone](tagret.md)\n")
    assert broken(doc) == [
        "doc.md:1: link to #add-a-chanel, not a heading of target.md",
        "doc.md:2: link to tagret.md, which does not exist",
    ]
