"""The deployment files (Dockerfile, compose.yaml, deploy/Caddyfile, docs/deploy.md) agree with
the app and with each other; the image is built where a Docker daemon answers."""

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import AliasChoices

from hiring.config import Settings

ROOT = Path(__file__).resolve().parents[1]
APP_SERVICES = {"migrate", "app-a", "app-b", "worker"}
# Images of the services that are not the app: Docker's official images, and MinIO's own.
OFFICIAL_IMAGES = {"postgres", "redis", "caddy", "minio/minio", "minio/mc"}
VARIABLE = re.compile(r"\b(?:HIRING|APOLLO|ANTHROPIC)_[A-Z0-9_]+\b")


def setting_variables() -> set[str]:
    """Every environment variable Settings reads."""
    names = set()
    for name, info in Settings.model_fields.items():
        names.add(f"HIRING_{name.upper()}")
        if isinstance(info.validation_alias, AliasChoices):
            names.update(str(choice) for choice in info.validation_alias.choices)
    return names


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text())
    return loaded


def test_compose_runs_the_production_layout(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert set(services) == APP_SERVICES | {"postgres", "redis", "minio", "bucket", "caddy"}
    for name, service in services.items():
        if name in APP_SERVICES:
            assert service["build"] == "."
        else:
            assert service["image"].split(":")[0] in OFFICIAL_IMAGES, name
    assert services["worker"]["command"] == ["worker"]
    assert services["migrate"]["command"] == ["db", "upgrade"]
    for replica in ("app-a", "app-b", "worker"):
        needs = services[replica]["depends_on"]
        assert needs["migrate"]["condition"] == "service_completed_successfully"
        assert needs["bucket"]["condition"] == "service_completed_successfully"


def test_every_app_process_gets_the_shared_settings(compose: dict[str, Any]) -> None:
    services = compose["services"]
    environments = [services[name]["environment"] for name in sorted(APP_SERVICES)]
    assert all(env == environments[0] for env in environments)
    env = environments[0]
    assert env["HIRING_DATABASE_URL"].startswith("postgresql+psycopg://")
    assert env["HIRING_RATE_LIMIT_STORAGE_URL"].startswith("redis://redis:")
    # The replicas queue jobs in the Redis the worker takes them from (none runs them itself).
    assert env["HIRING_QUEUE_URL"].startswith("redis://redis:")
    assert "HIRING_QUEUE_IN_PROCESS" not in env
    assert env["HIRING_STORAGE_URL"].startswith("s3://")
    assert env["HIRING_S3_ENDPOINT_URL"] == "http://minio:9000"
    assert env["AWS_SECRET_ACCESS_KEY"] == services["minio"]["environment"]["MINIO_ROOT_PASSWORD"]
    unknown = {k for k in env if VARIABLE.fullmatch(k)} - setting_variables()
    assert unknown == set()


def test_the_load_balancer_is_the_only_trusted_proxy(compose: dict[str, Any]) -> None:
    services = compose["services"]
    caddy_address = services["caddy"]["networks"]["default"]["ipv4_address"]
    assert services["app-a"]["environment"]["HIRING_TRUSTED_PROXIES"] == caddy_address
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    upstreams = re.search(r"reverse_proxy ([^{]+)\{", caddyfile)
    assert upstreams
    assert upstreams.group(1).split() == ["app-a:8000", "app-b:8000"]
    assert "health_uri /healthz" in caddyfile


def test_the_image_installs_the_lock_and_runs_unprivileged() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^ARG PYTHON_IMAGE=python:3\.[0-9]+-slim", dockerfile, re.M)
    assert re.findall(r"^FROM (\S+)", dockerfile, re.M) == ["${PYTHON_IMAGE}"] * 2
    assert "uv sync --frozen" in dockerfile
    users = re.findall(r"^USER (\S+)", dockerfile, re.M)
    assert users and users[-1] not in ("root", "0")
    assert 'ENTRYPOINT ["hiring"]' in dockerfile
    assert "/healthz" in dockerfile


def test_the_deployment_guide_names_only_real_settings() -> None:
    guide = (ROOT / "docs" / "deploy.md").read_text()
    named = set(VARIABLE.findall(guide))
    assert named - setting_variables() == set()
    # The settings a replica cannot run correctly without are all explained.
    for needed in (
        "HIRING_DATABASE_URL",
        "HIRING_SECRET_KEY",
        "HIRING_RATE_LIMIT_STORAGE_URL",
        "HIRING_STORAGE_URL",
        "HIRING_TRUSTED_PROXIES",
        "HIRING_PUBLIC_URL",
    ):
        assert needed in named, needed
    assert "docs/deploy.md" in (ROOT / "README.md").read_text()


def docker_answers() -> bool:
    docker = shutil.which("docker")
    if docker is None:
        return False
    return subprocess.run([docker, "info"], capture_output=True, timeout=30).returncode == 0


@pytest.mark.skipif(not docker_answers(), reason="no Docker daemon answers here")
def test_the_image_builds_and_its_command_runs() -> None:
    tag = "hiring:test-build"
    subprocess.run(["docker", "build", "-t", tag, str(ROOT)], check=True, timeout=1200)
    shown = subprocess.run(
        ["docker", "run", "--rm", tag, "--help"], capture_output=True, text=True, timeout=120
    )
    assert shown.returncode == 0, shown.stderr
    assert "serve" in shown.stdout
    user = subprocess.run(
        ["docker", "run", "--rm", "--entrypoint", "id", tag, "-u"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert user.stdout.strip() not in ("", "0")
