"""compose.yaml, nginx.conf and the Kubernetes manifests against the code and the topology.

Topology (issue 18): PostgreSQL, Redis, RabbitMQ, the service with 2 worker processes and every
worker `make run` starts, 2 action servers, 2 Rasa servers, and a load balancer on one public port,
sticky for socket.io and round robin for REST. Probes ask paths the code serves, on the ports it
uses; every RETURNDESK_* variable set is one the code reads; secrets are named, never valued.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from . import artifacts, code_facts
from .artifacts import SECRETS_EXAMPLE, compose_services, kubernetes_kind, nginx, pod_spec, workloads
from .code_facts import REPO

# The image each component's containers run, in compose.yaml and in the manifests.
COMPOSE_IMAGES = {"service": "returndesk-service", "actions": "returndesk-actions", "rasa": "returndesk-rasa"}
MODULE = re.compile(r"(?:python -m |uvicorn )([\w.]+)")


def component_of_image(image: str) -> str | None:
    return next((name for name, known in COMPOSE_IMAGES.items() if image.rsplit("/", 1)[-1].startswith(known)), None)


def compose_of(component: str) -> dict[str, dict[str, Any]]:
    return {name: spec for name, spec in compose_services().items() if spec.get("image") == COMPOSE_IMAGES[component]}


def compose_environment(spec: dict[str, Any]) -> set[str]:
    environment = spec.get("environment") or {}
    return set(environment) if isinstance(environment, dict) else {item.split("=", 1)[0] for item in environment}


def secrets() -> dict[str, str]:
    return artifacts.env_file_keys(SECRETS_EXAMPLE)


def config_map() -> dict[str, str]:
    (settings,) = kubernetes_kind("ConfigMap")
    return settings["data"]


def containers() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [(workload, container) for workload in workloads() for container in pod_spec(workload)["containers"]]


def kubernetes_deployment(component: str) -> dict[str, Any]:
    (deployment,) = [
        document
        for document in kubernetes_kind("Deployment")
        if any(
            component_of_image(container["image"]) == component and "command" not in container
            for container in pod_spec(document)["containers"]
        )
    ]
    return deployment


def commands() -> list[tuple[str, str]]:
    """(where, command line) of every process the images, compose and the manifests start."""
    found = [(f"{name} image", artifacts.command_line(artifacts.final_stage(name))) for name in artifacts.DOCKERFILES]
    for name, spec in compose_services().items():
        component = component_of_image(spec.get("image", ""))
        found.append((f"compose {name}", artifacts.compose_command(spec, component)))
    for workload, container in containers():
        where = f"{workload['_file']} {workload['metadata']['name']}"
        if "command" in container:
            found.append((where, " ".join(container["command"])))
        else:
            image = artifacts.final_stage(component_of_image(container["image"]))
            found.append((where, artifacts.command_line(image)))
    return found


# -- processes --------------------------------------------------------------------------------------


def test_every_python_module_started_exists() -> None:
    started = [(where, module) for where, line in commands() for module in MODULE.findall(line)]
    assert any(module.startswith("returndesk.") for _, module in started)
    for where, module in started:
        module = module.split(":")[0]
        if module != "rasa_sdk":  # the action server's base image
            assert code_facts.python_module_exists(module), f"{where}: no module {module}"


def test_every_worker_of_make_run_runs_in_compose_and_kubernetes() -> None:
    workers = code_facts.worker_modules()
    assert len(workers) >= 5
    compose_lines = [line for where, line in commands() if where.startswith("compose ")]
    kubernetes_lines = [line for where, line in commands() if ".yaml " in where]
    for module in workers:
        assert any(f"-m {module}" in line for line in compose_lines), f"compose.yaml runs no {module}"
        assert any(f"-m {module}" in line for line in kubernetes_lines), f"deploy/kubernetes runs no {module}"


def test_the_service_runs_two_worker_processes() -> None:
    (service,) = [spec for spec in compose_of("service").values() if "command" not in spec and "healthcheck" in spec]
    assert "--workers 2" in artifacts.compose_command(service, "service")


def test_compose_runs_two_rasa_servers_and_two_action_servers() -> None:
    assert len(compose_of("rasa")) == 2
    assert len(compose_of("actions")) == 2


def test_kubernetes_runs_two_of_each_and_scales_them_on_cpu() -> None:
    autoscalers = {hpa["spec"]["scaleTargetRef"]["name"]: hpa for hpa in kubernetes_kind("HorizontalPodAutoscaler")}
    for component in ("rasa", "actions", "service"):
        deployment = kubernetes_deployment(component)
        assert deployment["spec"]["replicas"] == 2
        hpa = autoscalers[deployment["metadata"]["name"]]
        assert hpa["spec"]["minReplicas"] >= 2
        assert [metric["resource"]["name"] for metric in hpa["spec"]["metrics"]] == ["cpu"]


def test_a_drain_never_takes_the_last_pod_of_a_replicated_component() -> None:
    budgets = {
        budget["spec"]["selector"]["matchLabels"]["app.kubernetes.io/name"]: budget
        for budget in kubernetes_kind("PodDisruptionBudget")
    }
    for component in ("rasa", "actions", "service"):
        pods = kubernetes_deployment(component)["spec"]["selector"]["matchLabels"]["app.kubernetes.io/name"]
        assert budgets[pods]["spec"]["minAvailable"] >= 1, component


def test_migrations_run_before_the_service() -> None:
    services = compose_services()
    migrate = next(spec for spec in services.values() if spec.get("command") == ["alembic", "upgrade", "head"])
    assert migrate["image"] == COMPOSE_IMAGES["service"]
    migrate_name = next(name for name, spec in services.items() if spec is migrate)
    for name, spec in compose_of("service").items():
        if spec is not migrate:
            assert spec["depends_on"][migrate_name]["condition"] == "service_completed_successfully", name
    (job,) = kubernetes_kind("Job")
    (container,) = pod_spec(job)["containers"]
    assert container["command"] == ["alembic", "upgrade", "head"]
    assert component_of_image(container["image"]) == "service"


# -- ports and probes ---------------------------------------------------------------------------------


def probe_url(spec: dict[str, Any]) -> tuple[int, str]:
    test = " ".join(spec["healthcheck"]["test"])
    url = urlsplit(re.search(r"http://[^'\" ]+", test).group(0))
    return url.port, url.path


@pytest.mark.parametrize("component", sorted(COMPOSE_IMAGES))
def test_compose_health_checks_ask_a_served_path_on_the_right_port(component: str) -> None:
    checked = [spec for spec in compose_of(component).values() if "healthcheck" in spec]
    assert checked
    for spec in checked:
        port, path = probe_url(spec)
        assert port == code_facts.ports()[component]
        assert path in code_facts.routes()[component], f"{component}: {path} is not a route of the code"


@pytest.mark.parametrize("component", sorted(COMPOSE_IMAGES))
def test_kubernetes_probes_ask_a_served_path_on_the_right_port(component: str) -> None:
    (container,) = pod_spec(kubernetes_deployment(component))["containers"]
    port = code_facts.ports()[component]
    assert [declared["containerPort"] for declared in container["ports"]] == [port]
    for probe in ("readinessProbe", "livenessProbe"):
        check = container[probe]["httpGet"]
        assert check["port"] == port
        assert check["path"] in code_facts.routes()[component], f"{component} {probe}: {check['path']} is not served"


def test_kustomize_applies_every_manifest_but_the_migration_job() -> None:
    listed = yaml.safe_load((artifacts.KUBERNETES / "kustomization.yaml").read_text())["resources"]
    files = {path.name for path in artifacts.KUBERNETES.glob("*.yaml")} - {"kustomization.yaml"}
    (job,) = kubernetes_kind("Job")
    assert sorted(listed) == sorted(files - {job["_file"]})


def test_kubernetes_services_point_at_the_ports_the_code_uses() -> None:
    deployments = {
        deployment["spec"]["selector"]["matchLabels"]["app.kubernetes.io/name"]: component_of_image(
            pod_spec(deployment)["containers"][0]["image"]
        )
        for deployment in kubernetes_kind("Deployment")
    }
    for service in kubernetes_kind("Service"):
        component = deployments[service["spec"]["selector"]["app.kubernetes.io/name"]]
        assert [port["targetPort"] for port in service["spec"]["ports"]] == [code_facts.ports()[component]]


def test_kubernetes_urls_name_services_and_ports_that_exist() -> None:
    services = {service["metadata"]["name"]: service for service in kubernetes_kind("Service")}
    for key, value in config_map().items():
        if value.startswith("http://"):
            url = urlsplit(value)
            assert url.hostname in services, f"{key}: no Service {url.hostname}"
            assert url.port in [port["port"] for port in services[url.hostname]["spec"]["ports"]], key


# -- the load balancer --------------------------------------------------------------------------------


def test_compose_publishes_one_port_only_on_the_load_balancer() -> None:
    published = {name: spec["ports"] for name, spec in compose_services().items() if spec.get("ports")}
    assert len(published) == 1
    ((name, ports),) = published.items()
    assert compose_services()[name]["image"].startswith("nginx")
    assert len(ports) == 1 and ports[0].endswith(":80")


def test_nginx_sticks_socketio_to_one_rasa_server_and_balances_rest() -> None:
    upstreams = nginx()["upstreams"]
    rasa = {f"{name}:{code_facts.ports()['rasa']}" for name in compose_of("rasa")}
    actions = {f"{name}:{code_facts.ports()['actions']}" for name in compose_of("actions")}
    ((_, public),) = [(listen, locations) for listen, locations in nginx()["servers"] if listen == 80]
    socketio, webhooks, rest = public["/socket.io/"], public["/webhooks/"], public["/"]
    assert set(upstreams[socketio][0]) == rasa
    assert any(re.fullmatch(r"ip_hash|hash \$remote_addr( consistent)?", rule) for rule in upstreams[socketio][1])
    assert set(upstreams[webhooks][0]) == rasa and not upstreams[webhooks][1]
    assert upstreams[rest][0] == [f"service:{code_facts.ports()['service']}"] and not upstreams[rest][1]
    assert set(public) == {"/socket.io/", "/webhooks/", "/"}
    internal = {listen: locations["/"] for listen, locations in nginx()["servers"] if listen != 80}
    assert set(upstreams[internal[code_facts.ports()["actions"]]][0]) == actions
    assert set(upstreams[internal[code_facts.ports()["rasa"]]][0]) == rasa


def test_the_service_sees_each_clients_address_and_no_client_can_choose_it() -> None:
    # The verification, chat-session and sign-in limits count per request.client.host: behind the
    # load balancer that is X-Forwarded-For, which uvicorn trusts whole (its first address) ...
    command = artifacts.command_line(artifacts.final_stage("service"))
    assert "--proxy-headers" in command and "--forwarded-allow-ips *" in command
    # ... so nginx sets it to the address it sees, never appending to what the client sent.
    forwarded = re.findall(r"proxy_set_header\s+X-Forwarded-For\s+(\S+);", nginx()["text"])
    assert forwarded and set(forwarded) == {"$remote_addr"}


def test_the_ingress_sticks_socketio_by_cookie_and_nothing_else() -> None:
    selects = {
        service["metadata"]["name"]: service["spec"]["selector"]["app.kubernetes.io/name"]
        for service in kubernetes_kind("Service")
    }
    rasa_pods = kubernetes_deployment("rasa")["spec"]["selector"]["matchLabels"]["app.kubernetes.io/name"]
    sticky_services, other_services = set(), set()
    for ingress in kubernetes_kind("Ingress"):
        sticky = ingress["metadata"].get("annotations", {}).get("nginx.ingress.kubernetes.io/affinity") == "cookie"
        for rule in ingress["spec"]["rules"]:
            for path in rule["http"]["paths"]:
                service = path["backend"]["service"]["name"]
                assert (path["path"] == "/socket.io/") == sticky, f"{path['path']}: sticky={sticky}"
                (sticky_services if sticky else other_services).add(service)
                if sticky:
                    assert selects[service] == rasa_pods
    # ingress-nginx keeps affinity per backend Service: the sticky one must serve nothing else.
    assert sticky_services and not sticky_services & other_services


# -- environment and secrets ----------------------------------------------------------------------------


def test_every_variable_set_is_read_by_the_code() -> None:
    known = code_facts.known_variables()
    set_here = {
        "deploy/secrets.env.example": set(secrets()),
        "deploy/kubernetes ConfigMap": set(config_map()),
        **{f"compose {name}": compose_environment(spec) for name, spec in compose_services().items()},
    }
    for where, names in set_here.items():
        unknown = sorted(name for name in names if name.startswith("RETURNDESK_") and name not in known)
        assert not unknown, f"{where} sets {unknown}, which no code reads"


def test_rasa_gets_every_variable_its_endpoints_name() -> None:
    needed = code_facts.placeholders("endpoints.production.yml") | {"RETURNDESK_CHAT_SECRET", "RETURNDESK_RASA_TOKEN"}
    for name, spec in compose_of("rasa").items():
        missing = needed - compose_environment(spec) - set(secrets())
        assert not missing, f"compose {name} lacks {sorted(missing)}"
        assert spec["env_file"] == artifacts.SECRETS_FILE
    missing = needed - set(config_map()) - set(secrets())
    assert not missing, f"Kubernetes lacks {sorted(missing)}"


def test_secrets_are_named_without_values_and_kept_out_of_settings() -> None:
    named = secrets()
    assert code_facts.refused_default_secrets() <= set(named)
    assert {"RETURNDESK_DATABASE_URL", "RETURNDESK_RASA_TOKEN"} <= set(named)
    assert all(value == "" for value in named.values()), "deploy/secrets.env.example holds a value"
    assert not set(named) & set(config_map()), "a secret in the ConfigMap"
    assert artifacts.SECRETS_FILE in (REPO / ".gitignore").read_text().splitlines()


def test_every_application_container_reads_the_secrets() -> None:
    for name, spec in compose_services().items():
        if component_of_image(spec.get("image", "")):
            assert spec.get("env_file") == artifacts.SECRETS_FILE, f"compose {name}"
    for workload, container in containers():
        sources = [source for source in container["envFrom"] if "secretRef" in source]
        assert sources == [{"secretRef": {"name": "returndesk-secrets"}}], workload["metadata"]["name"]


# -- resources ------------------------------------------------------------------------------------------

UNITS = {"Mi": 1, "Gi": 1024}


def mebibytes(quantity: str) -> float:
    number, unit = re.fullmatch(r"(\d+)(Mi|Gi)", quantity).groups()
    return int(number) * UNITS[unit]


@pytest.mark.parametrize("component", sorted(COMPOSE_IMAGES))
def test_memory_requests_cover_what_the_bench_measured(component: str) -> None:
    measured = code_facts.measured_memory_mib()[component]
    processes = 2 if component == "service" else 1  # the service's two uvicorn workers
    for workload, container in containers():
        if component_of_image(container["image"]) == component and "command" not in container:
            resources = container["resources"]
            request, limit = mebibytes(resources["requests"]["memory"]), mebibytes(resources["limits"]["memory"])
            assert request >= measured * processes, f"{workload['metadata']['name']}: {request} MiB requested"
            assert limit > request
            assert resources["requests"]["cpu"] and resources["limits"]["cpu"]
