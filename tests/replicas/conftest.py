"""The replica scenario runs with `make replicas` (and in CI after the two suites): it needs
PostgreSQL and Redis on loopback, named by these variables; the suites skip it."""

import os
from collections.abc import Iterator

import pytest

from tests.replicas.cluster import Cluster, running_cluster

POSTGRES_SERVER_URL = os.environ.get("HIRING_REPLICAS_POSTGRES_URL", "")
REDIS_URL = os.environ.get("HIRING_REPLICAS_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    if not POSTGRES_SERVER_URL:
        pytest.skip("the replica scenario runs with `make replicas`")
    with running_cluster(POSTGRES_SERVER_URL, REDIS_URL, tmp_path_factory.mktemp("replicas")) as c:
        yield c
