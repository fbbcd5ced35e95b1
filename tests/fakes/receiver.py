"""A webhook receiver on 127.0.0.1: records every delivery, answers 200 unless scripted."""

from tests.fakes.server import Answer, FakeServer, Received, Scripted

__all__ = ["FakeReceiver", "Received", "Scripted"]


class FakeReceiver(FakeServer):
    @property
    def url(self) -> str:
        return f"{self.origin}/hooks"

    def answer(self, received: Received) -> Answer:
        return 200, {}, b"{}"
