"""A webhook receiver on 127.0.0.1: records every delivery, answers 200 unless scripted."""

import time

from fastapi import FastAPI

from tests.fakes.server import Answer, FakeServer, Received, Scripted

__all__ = ["FakeReceiver", "Received", "Scripted", "posted"]


class FakeReceiver(FakeServer):
    @property
    def url(self) -> str:
        return f"{self.origin}/hooks"

    def answer(self, received: Received) -> Answer:
        return 200, {}, b"{}"


def posted(app: FastAPI, receiver: FakeReceiver, at_least: int = 1) -> list[Received]:
    """The receiver's requests, once it has ``at_least``. A run is asked again meanwhile, as
    the periodic one would: on PostgreSQL an event is sent once no older transaction of the
    database is running (another test worker's may be, for a moment)."""
    deadline = time.monotonic() + 10
    while len(receiver.requests) < at_least and time.monotonic() < deadline:
        app.state.webhooks.send()
        time.sleep(0.05)
    return list(receiver.requests)
