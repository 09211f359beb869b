"""Reading a YAML node tree with the file, line and key path at hand for every error.

PyYAML's `compose` keeps each node's position (its "mark"); reading through these wrappers
rather than plain dicts lets every complaint say where it is and what to write instead:
`policies/default.yml line 14, windows.rules[2].days: expected ... got "thirty"`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
RULE_ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
S = TypeVar("S", bound=str)


class PolicyError(Exception):
    """A policy file that cannot be used; the message names file, line, key path and the fix."""

    def __init__(self, file: str, line: int | None, path: str, message: str) -> None:
        self.file, self.line, self.path, self.message = file, line, path, message
        where = f"{file} line {line}" if line else file
        super().__init__(f"{where}, {path}: {message}" if path else f"{where}: {message}")


def display_name(path: Path) -> str:
    """The file as a person would name it: relative to the working directory when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def compose(text: str, file: str) -> Y:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise PolicyError(file, line, "", f"not valid YAML ({exc.problem}); check indentation and quoting") from None
    if root is None:
        raise PolicyError(file, 1, "", "the file is empty; start from policies/default.yml")
    return Y(root, "", file)


def _describe(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return '"' + str(node.value) + '"' if node.value != "" else "nothing"


class Y:
    """One node plus where it is. Accessors raise PolicyError naming the expected form."""

    def __init__(self, node: Node, path: str, file: str) -> None:
        self.node, self.path, self.file = node, path, file

    @property
    def line(self) -> int:
        return self.node.start_mark.line + 1

    def fail(self, message: str) -> NoReturn:
        raise PolicyError(self.file, self.line, self.path, message)

    def child(self, node: Node, key: str | int) -> Y:
        if isinstance(key, int):
            return Y(node, f"{self.path}[{key}]", self.file)
        return Y(node, f"{self.path}.{key}" if self.path else key, self.file)

    # --- containers -----------------------------------------------------------------------

    def items(self) -> Iterator[tuple[str, Y]]:
        """Key/value pairs of a mapping whose keys are free (categories, locales, ...)."""
        if not isinstance(self.node, MappingNode):
            self.fail(f"expected a mapping of key: value lines, got {_describe(self.node)}")
        seen: set[str] = set()
        for key_node, value_node in self.node.value:
            key = str(key_node.value)
            if not isinstance(key_node, ScalarNode):
                Y(key_node, self.path, self.file).fail("expected a plain key")
            if key in seen:
                self.child(key_node, key).fail("duplicate key; the later one would silently win, keep one")
            seen.add(key)
            yield key, self.child(value_node, key)

    def fields(self, required: set[str], optional: set[str]) -> dict[str, Y]:
        """A mapping with a fixed set of keys: unknown keys are typos, missing ones are named."""
        if self.is_null() and not required:
            return {}
        allowed = required | optional
        found: dict[str, Y] = {}
        for key, value in self.items():
            if key not in allowed:
                close = difflib.get_close_matches(key, sorted(allowed), n=1)
                hint = f'did you mean "{close[0]}"?' if close else "allowed: " + ", ".join(sorted(allowed))
                value.fail(f'unknown key "{key}"; {hint}')
            found[key] = value
        for key in sorted(required - found.keys()):
            self.fail(f'missing required key "{key}"')
        return found

    def seq(self) -> list[Y]:
        if self.is_null():
            return []
        if not isinstance(self.node, SequenceNode):
            self.fail(f"expected a list (lines starting with '- ' or [a, b]), got {_describe(self.node)}")
        return [self.child(node, index) for index, node in enumerate(self.node.value)]

    # --- scalars --------------------------------------------------------------------------

    def is_null(self) -> bool:
        return isinstance(self.node, ScalarNode) and self.node.tag == "tag:yaml.org,2002:null"

    def raw(self) -> str:
        """The scalar exactly as written (so a version 2026-11-01 stays a string, not a date)."""
        if not isinstance(self.node, ScalarNode):
            self.fail(f"expected a single value, got {_describe(self.node)}")
        return str(self.node.value)

    def value(self) -> Any:
        if not isinstance(self.node, ScalarNode):
            self.fail(f"expected a single value, got {_describe(self.node)}")
        try:
            return SafeConstructor().construct_object(self.node)
        except ConstructorError:
            return self.node.value

    def text(self) -> str:
        value = self.value()
        if not isinstance(value, str) or not value.strip():
            self.fail(f"expected text, got {_describe(self.node)}")
        return value

    def ident(self, what: str = "an id") -> str:
        value = self.raw()
        if not ID_PATTERN.match(value):
            self.fail(f"expected {what} in lower_snake_case, got {_describe(self.node)}")
        return value

    def whole(self, what: str = "a whole number", minimum: int = 0) -> int:
        value = self.value()
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.fail(f"expected {what} ({minimum} or more), got {_describe(self.node)}")
        return value

    def number(self, what: str, minimum: float = 0, maximum: float | None = None) -> float:
        value = self.value()
        # The type tests inline, not in a variable, so that mypy knows `value` is a number after.
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or value < minimum
            or (maximum is not None and value > maximum)
        ):
            upper = f" to {maximum:g}" if maximum is not None else " or more"
            self.fail(f"expected {what} ({minimum:g}{upper}), got {_describe(self.node)}")
        return value

    def flag(self) -> bool:
        value = self.value()
        if not isinstance(value, bool):
            self.fail(f"expected true or false, got {_describe(self.node)}")
        return value

    def choice(self, options: Sequence[S], what: str) -> S:
        value = self.raw()
        for option in options:  # the option itself, so that a tuple of Literals gives a Literal
            if option == value:
                return option
        close = difflib.get_close_matches(value, list(options), n=1)
        hint = f' (did you mean "{close[0]}"?)' if close else ""
        self.fail(f"unknown {what} {_describe(self.node)}{hint}; expected one of: {', '.join(options)}")

    def _listed(self) -> list[Y]:
        # A single value is accepted as a list of one: `tags: hygiene` means `tags: [hygiene]`.
        return [self] if isinstance(self.node, ScalarNode) and not self.is_null() else self.seq()

    def strings(self) -> list[str]:
        return [item.raw() for item in self._listed()]

    def choices(self, options: Sequence[S], what: str) -> list[S]:
        return [item.choice(options, what) for item in self._listed()]
