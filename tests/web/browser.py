"""What the browser tests share: Debian's Chromium driven by Playwright against the app served
by uvicorn on a free loopback port. Importing this module skips the importing test module when
/usr/bin/chromium is missing, except under CI=true where that is a failure. Test modules import
the fixtures they use (``base_url_fixture``, ``browser_fixture``, ``page_fixture``, named
``base_url``, ``browser`` and ``page``) from here."""

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI

from tests.web.conftest import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

if not CHROMIUM.exists():
    message = f"{CHROMIUM} is missing: apt-get install -y chromium"
    if os.environ.get("CI") == "true":
        pytest.fail(f"Browser tests cannot run under CI: {message}", pytrace=False)
    pytest.skip(f"Browser tests skipped: {message}", allow_module_level=True)

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402

# When the page scrolls sideways: the elements sticking out of the viewport on the right.
WIDER_THAN_VIEWPORT = """() => {
  const limit = document.documentElement.clientWidth + 1;
  if (document.documentElement.scrollWidth <= limit) return [];
  return [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > limit)
    .slice(0, 5)
    .map((el) => `${el.tagName}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`);
}"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module", name="base_url")
def base_url_fixture(app: FastAPI) -> Iterator[str]:
    """The real app served over HTTP by uvicorn in a thread."""
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module", name="browser")
def browser_fixture() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=BROWSER_ARGS, headless=True
        )
        yield launched
        launched.close()


@contextmanager
def new_tab(browser: Browser, base_url: str, **options: Any) -> Iterator[Page]:
    """A tab in a fresh browser context (``options``: Playwright's, e.g. ``timezone_id``)."""
    context = browser.new_context(base_url=base_url, viewport=DESKTOP, **options)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on(
        "console",
        lambda msg: errors.append(msg.text) if msg.type == "error" else None,
    )
    yield tab
    context.close()
    # Our pages load no script from elsewhere and none inline: the CSP must never fire.
    assert not [e for e in errors if "Content Security Policy" in e], errors


@pytest.fixture(name="page")
def page_fixture(browser: Browser, base_url: str) -> Iterator[Page]:
    with new_tab(browser, base_url) as tab:
        yield tab


def sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    page.goto("/admin/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def column(page: Page, stage: str) -> Any:
    return page.locator(f'.column[data-stage="{stage}"]')
