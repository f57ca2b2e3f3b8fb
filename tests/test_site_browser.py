"""The built site in headless Chromium from file://: no console errors, links resolve,
the RACI filter works, pages are not blank.

Chromium is driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``:
JSON messages separated by NUL on file descriptors 3 and 4), so no extra dependency.
"""

from __future__ import annotations

import base64
import io
import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from clock import TODAY
from render_sample import sample_org

from dutymatrix.render.build import BuildOptions, build_org

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed"),
]

TIMEOUT = 30.0


class Browser:
    """A minimal DevTools client over the pipe; one page (session) at a time."""

    def __init__(self, profile: Path) -> None:
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()

        def wire_fds() -> None:
            # Chromium reads commands on fd 3 and writes replies on fd 4.
            reader, writer = os.dup(to_chrome_r), os.dup(from_chrome_w)
            os.dup2(reader, 3)
            os.dup2(writer, 4)

        self.process = subprocess.Popen(
            [
                str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--remote-debugging-pipe",
                f"--user-data-dir={profile}", "about:blank",
            ],
            pass_fds=(3, 4, to_chrome_r, from_chrome_w),
            preexec_fn=wire_fds,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        self.session = ""

    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            if time.monotonic() > deadline:
                raise TimeoutError("chromium did not answer")
            chunk = os.read(self._from_chrome, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method: str, params: dict[str, Any] | None = None,
             session: bool = True) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method,
                                   "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT
        for i, event in enumerate(self.events):
            if event.get("method") == method:
                return self.events.pop(i)
        while True:
            event = self._read_message(deadline)
            if event.get("method") == method:
                return event
            self.events.append(event)

    def open_page(self) -> None:
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)
        attached = self.send(
            "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True},
            session=False,
        )
        self.session = attached["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.send(f"{domain}.enable")

    def goto(self, url: str) -> None:
        self.events = [e for e in self.events if e.get("method") != "Page.loadEventFired"]
        self.send("Page.navigate", {"url": url})
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", {"expression": expression,
                                                "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    def errors(self) -> list[str]:
        """Console errors, uncaught exceptions and failed loads seen so far (then cleared)."""
        self.send("Runtime.evaluate", {"expression": "1"})  # flush pending events
        found = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown":
                found.append(json.dumps(params["exceptionDetails"])[:300])
            elif method == "Runtime.consoleAPICalled" and params.get("type") == "error":
                found.append(json.dumps(params.get("args"))[:300])
            elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
                found.append(params["entry"].get("text", "") + " " + params["entry"].get("url", ""))
        self.events = []
        return found

    def close(self) -> None:
        try:
            self.send("Browser.close", session=False)
        except (RuntimeError, TimeoutError, OSError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._to_chrome)
        os.close(self._from_chrome)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "out"
    build_org(sample_org(), [], BuildOptions(org_dir=Path("."), today=TODAY, out_dir=out, jobs=2))
    return out


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    chrome = Browser(tmp_path_factory.mktemp("profile"))
    try:
        chrome.open_page()
        yield chrome
    finally:
        chrome.close()


def local_target(url: str) -> Path | None:
    parts = urlsplit(url)
    return Path(unquote(parts.path)) if parts.scheme == "file" else None


def test_every_page_loads_cleanly_and_every_link_resolves(site: Path, browser: Browser) -> None:
    index = (site / "index.html").as_uri()
    queue, seen = [index], set()
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        browser.goto(url)
        assert browser.errors() == [], url
        hrefs = browser.evaluate("Array.from(document.querySelectorAll('a[href]'), a => a.href)")
        for href in hrefs:
            target = local_target(href.split("#")[0])
            assert target is not None, f"{url} links outside the site: {href}"
            assert target.is_file(), f"{url} links to a missing file: {href}"
            if target.suffix == ".html":
                queue.append(target.as_uri())
    pages = {local_target(u) for u in seen}
    every_html = set(site.rglob("*.html"))
    assert every_html <= pages, sorted(str(p) for p in every_html - pages)


def visible_rows(browser: Browser) -> list[str]:
    return browser.evaluate(
        "Array.from(document.querySelectorAll('#raci-table tbody tr'))"
        ".filter(r => r.offsetParent !== null).map(r => r.dataset.activity)"
    )


def type_filter(browser: Browser, text: str) -> None:
    browser.evaluate(
        "(() => { const box = document.getElementById('raci-filter');"
        f" box.value = {json.dumps(text)};"
        " box.dispatchEvent(new Event('input', {bubbles: true})); })()"
    )


def test_raci_filter_narrows_rows_and_columns(site: Path, browser: Browser) -> None:
    browser.goto((site / "raci" / "_all.html").as_uri())
    everything = visible_rows(browser)
    assert len(everything) == 6
    type_filter(browser, "审批")
    assert visible_rows(browser) == ["loan.approve"]
    type_filter(browser, "客户经理")  # a post: its column, and the rows it has letters in
    assert visible_rows(browser) == ["loan.intake", "loan.investigate", "card.collect"]
    shown_heads = browser.evaluate(
        "Array.from(document.querySelectorAll('#raci-table th.holder'))"
        ".filter(h => h.offsetParent !== null).map(h => h.textContent)"
    )
    assert len(shown_heads) == 1 and "客户经理" in shown_heads[0]
    type_filter(browser, "")
    assert visible_rows(browser) == everything
    assert browser.errors() == []


def test_screenshot_is_not_blank(site: Path, browser: Browser) -> None:
    from PIL import Image

    browser.goto((site / "jd" / "credit-mgmt.manager.html").as_uri())
    shot = browser.send("Page.captureScreenshot", {"format": "png"})
    image = Image.open(io.BytesIO(base64.b64decode(shot["data"]))).convert("L")
    low, high = image.getextrema()
    assert high - low > 100  # text and rules on a white page
    dark = image.histogram()[:128]
    assert sum(dark) > image.width * image.height * 0.002
