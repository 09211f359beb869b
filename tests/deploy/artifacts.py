"""The deployment files, parsed: Dockerfiles, .dockerignore, compose.yaml, nginx.conf, Kubernetes."""

from __future__ import annotations

import fnmatch
import json
import re
import shlex
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from .code_facts import REPO

DEPLOY = REPO / "deploy"
KUBERNETES = DEPLOY / "kubernetes"
COMPOSE = REPO / "compose.yaml"
SECRETS_EXAMPLE = DEPLOY / "secrets.env.example"
SECRETS_FILE = "deploy/secrets.env"
# Which Dockerfile builds which component.
DOCKERFILES = {
    "service": DEPLOY / "service.Dockerfile",
    "actions": DEPLOY / "actions.Dockerfile",
    "rasa": DEPLOY / "rasa.Dockerfile",
}


@dataclass
class Copy:
    sources: list[str]
    destination: str  # absolute, in the image
    from_stage: str | None


@dataclass
class Stage:
    image: str
    name: str | None
    workdir: str = "/"
    copies: list[Copy] = field(default_factory=list)
    runs: list[str] = field(default_factory=list)
    exposed: list[int] = field(default_factory=list)
    user: str | None = None
    entrypoint: list[str] = field(default_factory=list)
    command: list[str] = field(default_factory=list)


def instructions(text: str) -> list[tuple[str, str]]:
    """(KEYWORD, arguments) with continuation lines joined and comments dropped."""
    logical, current = [], ""
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            continue
        if line.rstrip().endswith("\\"):
            current += line.rstrip()[:-1] + " "
            continue
        current += line
        if current.strip():
            keyword, _, arguments = current.strip().partition(" ")
            logical.append((keyword.upper(), arguments.strip()))
        current = ""
    return logical


def _words(arguments: str) -> list[str]:
    return json.loads(arguments) if arguments.startswith("[") else shlex.split(arguments)


@cache
def dockerfile(path: Path) -> list[Stage]:
    stages: list[Stage] = []
    for keyword, arguments in instructions(path.read_text()):
        if keyword == "FROM":
            words = arguments.split()
            stages.append(Stage(image=words[0], name=words[2] if len(words) == 3 else None))
            continue
        stage = stages[-1]
        if keyword == "WORKDIR":
            stage.workdir = str(PurePosixPath(stage.workdir) / arguments)
        elif keyword == "COPY":
            words = _words(arguments)
            flags = [word for word in words if word.startswith("--")]
            paths = [word for word in words if not word.startswith("--")]
            from_stage = next((flag.split("=", 1)[1] for flag in flags if flag.startswith("--from=")), None)
            sources, destination = paths[:-1], PurePosixPath(stage.workdir) / paths[-1]
            if len(sources) > 1 or paths[-1].endswith(("/", ".")):
                # Into a folder: each source lands under its own name.
                stage.copies.extend(
                    Copy([source], str(destination / PurePosixPath(source).name), from_stage) for source in sources
                )
            else:
                stage.copies.append(Copy(sources, str(destination), from_stage))
        elif keyword == "RUN":
            stage.runs.append(arguments)
        elif keyword == "EXPOSE":
            stage.exposed.extend(int(port) for port in arguments.split())
        elif keyword == "USER":
            stage.user = arguments
        elif keyword == "ENTRYPOINT":
            stage.entrypoint = _words(arguments)
        elif keyword == "CMD":
            stage.command = _words(arguments)
    return stages


def final_stage(component: str) -> Stage:
    return dockerfile(DOCKERFILES[component])[-1]


def image_paths(stage: Stage) -> set[str]:
    """Where the stage's COPYs put things (a folder's destination stands for everything under it)."""
    return {copy.destination.rstrip("/") for copy in stage.copies}


def in_image(stage: Stage, path: str) -> bool:
    """Whether `path` is a copied file or lies under a copied folder."""
    return any(path == copied or path.startswith(copied + "/") for copied in image_paths(stage))


def command_line(stage: Stage) -> str:
    """What the image runs: its ENTRYPOINT (as written in the Dockerfile) and CMD."""
    return " ".join([*stage.entrypoint, *stage.command])


@cache
def dockerignore() -> list[tuple[bool, str]]:
    """(excludes, pattern) in order; the last matching line decides (Docker's rule)."""
    rules = []
    for line in (REPO / ".dockerignore").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            negated = line.startswith("!")
            rules.append((not negated, line.lstrip("!").strip("/")))
    return rules


def ignored(path: str) -> bool:
    """Whether the build context leaves `path` (relative to the repository) out."""
    parts = PurePosixPath(path).parts
    candidates = ["/".join(parts[: index + 1]) for index in range(len(parts))]
    verdict = False
    for excludes, pattern in dockerignore():
        plain = pattern.removeprefix("**/")
        for candidate in candidates:
            tails = ["/".join(candidate.split("/")[i:]) for i in range(candidate.count("/") + 1)]
            names = tails if pattern.startswith("**/") else [candidate]
            if any(fnmatch.fnmatchcase(name, plain) for name in names):
                verdict = excludes
    return verdict


@cache
def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text())


def compose_services() -> dict[str, dict[str, Any]]:
    return compose()["services"]


def compose_image_of(service: dict[str, Any]) -> str:
    return service.get("image", "")


def compose_command(service: dict[str, Any], component: str | None) -> str:
    """The command a compose service runs: its own, or its image's."""
    command = service.get("command")
    if command is None:
        return command_line(final_stage(component)) if component else ""
    return " ".join(command) if isinstance(command, list) else command


def env_file_keys(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


@cache
def kubernetes() -> list[dict[str, Any]]:
    documents = []
    for path in sorted(KUBERNETES.glob("*.yaml")):
        for document in yaml.safe_load_all(path.read_text()):
            if document and document.get("kind") != "Kustomization":
                document["_file"] = path.name
                documents.append(document)
    return documents


def kubernetes_kind(kind: str) -> list[dict[str, Any]]:
    return [document for document in kubernetes() if document["kind"] == kind]


def pod_spec(workload: dict[str, Any]) -> dict[str, Any]:
    if workload["kind"] == "CronJob":
        return workload["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    return workload["spec"]["template"]["spec"]


def workloads() -> list[dict[str, Any]]:
    return [document for document in kubernetes() if document["kind"] in ("Deployment", "Job", "CronJob")]


@cache
def nginx() -> dict[str, Any]:
    """upstreams: name -> (servers, balancing directives); servers: [(listen, {location: upstream})]."""
    text = re.sub(r"#[^\n]*", "", (DEPLOY / "nginx.conf").read_text())
    upstreams = {}
    for name, body in re.findall(r"upstream\s+(\w+)\s*\{([^}]*)\}", text):
        servers = re.findall(r"^\s*server\s+([\w.-]+:\d+)", body, re.MULTILINE)
        balancing = [line.strip() for line in body.split(";") if line.strip().split(" ")[0] in ("hash", "ip_hash")]
        upstreams[name] = (servers, balancing)
    servers = []
    for block in re.split(r"\n\s*server\s*\{", text)[1:]:
        listen = int(re.search(r"listen\s+(\d+)", block).group(1))
        locations = dict(re.findall(r"location\s+(\S+)\s*\{[^}]*?proxy_pass\s+http://(\w+)", block))
        servers.append((listen, locations))
    return {"upstreams": upstreams, "servers": servers, "text": text}
