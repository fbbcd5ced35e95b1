from collections.abc import Iterator

import pytest

from tests.fakes.receiver import FakeReceiver


@pytest.fixture(scope="session")
def _receiver_server() -> Iterator[FakeReceiver]:
    server = FakeReceiver().start()
    yield server
    server.stop()


@pytest.fixture
def receiver(_receiver_server: FakeReceiver) -> Iterator[FakeReceiver]:
    _receiver_server.reset()
    yield _receiver_server
    _receiver_server.reset()
