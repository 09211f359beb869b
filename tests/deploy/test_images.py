"""The Dockerfiles against the code: base images, what each image copies and installs, its command.

Containers cannot be built here (no registry access for the base images), so each image is read
as text: every COPY source exists in the repository and is not left out of the build context,
what the code reads at run time is in the image, and every package the code imports is in the base
image (as uv.lock resolves it) or pinned, as the lock has it, in the image's requirements.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from . import artifacts, code_facts
from .artifacts import DOCKERFILES, dockerfile, final_stage
from .code_facts import REPO

BASE_IMAGES = {"service": "python:3.11-slim", "actions": "rasa/rasa-sdk:3.6.2", "rasa": "rasa/rasa:3.6.21-full"}
REQUIREMENTS = {"actions": REPO / "deploy/actions-requirements.txt", "rasa": REPO / "deploy/rasa-requirements.txt"}
# The distribution each base image brings, with everything it needs.
BASE_DISTRIBUTION = {"actions": "rasa-sdk", "rasa": "rasa"}


def requirement_pins(component: str) -> dict[str, str]:
    pins = {}
    for line in REQUIREMENTS[component].read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[name.lower()] = version
    return pins


def installed_apart(component: str) -> dict[str, str]:
    """`pip install ... name==version` outside the requirements file (RUN lines)."""
    runs = " ".join(final_stage(component).runs)
    return {name.lower(): version for name, version in re.findall(r"\b([\w.-]+)==([\w.+-]+)", runs)}


@pytest.mark.parametrize("component", sorted(DOCKERFILES))
def test_the_image_starts_from_the_named_base(component: str) -> None:
    assert final_stage(component).image == BASE_IMAGES[component]


@pytest.mark.parametrize("component", sorted(DOCKERFILES))
def test_every_copy_source_is_in_the_build_context(component: str) -> None:
    model = code_facts.makefile_variable("MODEL")
    for stage in dockerfile(DOCKERFILES[component]):
        for copy in stage.copies:
            if copy.from_stage:
                continue
            for source in copy.sources:
                # The trained model is a build artifact (`make model`), the only one an image copies.
                assert source == model or (REPO / source).exists(), f"{component}: COPY {source}: no such path"
                assert not artifacts.ignored(source), f"{component}: COPY {source}: .dockerignore leaves it out"


@pytest.mark.parametrize("component", sorted(DOCKERFILES))
def test_the_image_runs_as_another_user_than_root(component: str) -> None:
    assert final_stage(component).user not in (None, "root", "0")


@pytest.mark.parametrize("component", sorted(DOCKERFILES))
def test_the_image_exposes_the_port_the_code_uses(component: str) -> None:
    port = code_facts.ports()[component]
    stage = final_stage(component)
    assert stage.exposed == [port]
    assert f"--port {port}" in artifacts.command_line(stage)


# What each image's commands import or read, relative to the working directory they run in.
RUN_FROM_WORKDIR = {
    "service": ["returndesk/main.py", "alembic.ini", "migrations/env.py"],
    "actions": ["actions/__init__.py"],
    "rasa": ["bot/server.py", "endpoints.production.yml", "credentials.yml"],
}


@pytest.mark.parametrize("component", sorted(DOCKERFILES))
def test_the_command_finds_its_code_in_the_working_directory(component: str) -> None:
    stage = final_stage(component)
    for path in RUN_FROM_WORKDIR[component]:
        assert (REPO / ("backend" if component == "service" else "") / path).is_file(), path
        assert artifacts.in_image(stage, f"{stage.workdir}/{path}"), f"{component}: {path} not in {stage.workdir}"


def test_the_service_installs_its_lock_with_the_makefiles_uv() -> None:
    runs = final_stage("service").runs
    assert any(f"uv=={code_facts.makefile_variable('UV_VERSION')}" in run for run in runs)
    assert any("uv sync --frozen --no-dev" in run for run in runs)


def test_the_service_image_holds_the_files_it_reads() -> None:
    stage = final_stage("service")
    needed = {"/app/backend/returndesk", "/app/backend/migrations", "/app/backend/alembic.ini"}
    # The business files at their default paths (config.py, label/, warehouse/): BACKEND_DIR / "x".
    for path in (REPO / "backend/returndesk").rglob("*.py"):
        needed.update(f"/app/backend/{name}" for name in re.findall(r'BACKEND_DIR / "(\w+)"', path.read_text()))
    # The widget's files and its socket.io client, as storefront/service.py names them.
    storefront = (REPO / "backend/returndesk/storefront/service.py").read_text()
    widget = "/app/" + "/".join(
        re.search(r'WIDGET_DIR = REPO_DIR((?: / "[\w.-]+")+)', storefront).group(1).split('"')[1::2]
    )
    for _name, parts in re.findall(r'(\w+) = WIDGET_DIR((?: / "[\w.-]+")+)', storefront):
        needed.add(widget + "/" + "/".join(parts.split('"')[1::2]))
    missing = sorted(path for path in needed if not artifacts.in_image(stage, path))
    assert not missing, f"the service image lacks {missing}"


def test_the_service_image_has_the_label_font_and_ffmpeg() -> None:
    fonts = (REPO / "backend/returndesk/label/fonts.py").read_text()
    assert "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc" in fonts
    packages = " ".join(final_stage("service").runs)
    assert re.search(r"apt-get install[^&]*\bfonts-wqy-microhei\b", packages)
    assert re.search(r"apt-get install[^&]*\bffmpeg\b", packages)


def test_the_action_image_holds_every_bot_module_the_actions_import() -> None:
    stage = final_stage("actions")
    actions = sorted((REPO / "actions").glob("*.py"))
    assert artifacts.in_image(stage, "/app/actions/__init__.py")
    assert artifacts.in_image(stage, "/app/locales/en/assistant.po")
    assert artifacts.in_image(stage, "/app/bot/__init__.py")
    for module in code_facts.local_imports(actions, "bot"):
        assert artifacts.in_image(stage, "/app/" + module.replace(".", "/") + ".py"), f"{module} is not in the image"


def test_the_rasa_image_holds_the_bot_its_configuration_and_the_model() -> None:
    stage = final_stage("rasa")
    for path in ("bot/server.py", "bot/nlu/sentence_encoder.py", "locales/zh/assistant.po", "config.yml",
                 "domain.yml", "endpoints.production.yml", "credentials.yml"):  # fmt: skip
        assert artifacts.in_image(stage, f"/app/{path}"), f"{path} is not in the Rasa image"
    # Our classes Rasa loads by name: NLU components, channels, the NLG.
    for configuration in ("config.yml", "credentials.yml", "endpoints.production.yml"):
        for module in re.findall(r"\b(bot(?:\.[a-z_]+)+)\.[A-Z]\w*", (REPO / configuration).read_text()):
            assert code_facts.python_module_exists(module), f"{configuration}: no module {module}"
            assert artifacts.in_image(stage, "/app/" + module.replace(".", "/") + ".py"), module
    assert artifacts.in_image(stage, "/app/" + code_facts.makefile_variable("MODEL"))


def test_rasa_starts_through_our_launcher_with_the_production_endpoints() -> None:
    command = artifacts.command_line(final_stage("rasa"))
    model = code_facts.makefile_variable("MODEL")
    assert re.search(r"\bpython -m bot\.server run\b", command)
    for argument in (f"--model {model}", "--endpoints endpoints.production.yml", "--credentials credentials.yml",
                     "--enable-api", '--auth-token "$RETURNDESK_RASA_TOKEN"'):  # fmt: skip
        assert argument in command


def code_of(component: str) -> list[Path]:
    if component == "actions":
        actions = sorted((REPO / "actions").glob("*.py"))
        return actions + [
            REPO / (module.replace(".", "/") + ".py") for module in code_facts.local_imports(actions, "bot")
        ]
    return sorted(path for path in (REPO / "bot").rglob("*.py") if "widget" not in path.parts)


@pytest.mark.parametrize("component", sorted(REQUIREMENTS))
def test_every_package_the_code_imports_is_in_the_image(component: str) -> None:
    base = code_facts.locked_closure(BASE_DISTRIBUTION[component])
    installed = base | set(requirement_pins(component)) | set(installed_apart(component))
    imports = code_facts.third_party_imports(code_of(component), local={"actions", "bot"})
    missing = {name: str(path.relative_to(REPO)) for name, path in imports.items() if name not in installed}
    assert not missing, f"{component}: imported but neither in {BASE_IMAGES[component]} nor installed: {missing}"


@pytest.mark.parametrize("component", sorted(REQUIREMENTS))
def test_the_images_pins_are_uv_locks(component: str) -> None:
    pins = {**requirement_pins(component), **installed_apart(component)}
    assert pins
    for name, version in pins.items():
        assert code_facts.locked()[name]["version"] == version, f"{component}: {name}=={version}, uv.lock has another"


def test_the_rasa_image_installs_the_sentence_encoders_weights() -> None:
    encoder = (REPO / "bot/nlu/sentence_encoder.py").read_text()
    package = re.search(r'find_spec\("(\w+)"\)', encoder).group(1)
    assert package.replace("_", "-") in installed_apart("rasa")
