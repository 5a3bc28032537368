"""Open exported reports in headless Chromium and check them (used by the browser test).

Speaks the Chrome DevTools Protocol over the browser's local websocket (``websocket-client``,
already pinned for Jupyter), so no browser-automation package or downloaded browser is needed:
the browser is Debian's ``chromium`` package. For every page it records each request the page
makes, console errors and uncaught exceptions, whether every image loaded, and whether a test
marker script ran; it can save a full-page screenshot. Host names resolve nowhere
(``--host-resolver-rules``), so even a page that tried could not reach the network.
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["PageReport", "check_pages", "find_chromium"]


@dataclass
class PageReport:
    """What loading one page did."""

    path: Path
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    n_images: int = 0
    broken_images: list[str] = field(default_factory=list)
    text_length: int = 0
    marker_ran: bool = False

    @property
    def external_requests(self) -> list[str]:
        """Requests to anything but the local file system or inline data."""
        return [u for u in self.requests if not u.startswith(("file:", "data:", "about:"))]


def find_chromium() -> str | None:
    """Path of a Chromium executable on PATH, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


class _CDP:
    def __init__(self, ws_url: str) -> None:
        import websocket  # websocket-client

        self.ws = websocket.create_connection(ws_url, timeout=60, suppress_origin=True)
        self.next_id = 0
        self.events: list[dict] = []

    def call(self, method: str, **params: object) -> dict:
        self.next_id += 1
        my_id = self.next_id
        self.ws.send(json.dumps({"id": my_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == my_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            self.events.append(msg)

    def wait_for(self, method: str, timeout: float = 60.0) -> dict:
        deadline = time.monotonic() + timeout
        for k, ev in enumerate(self.events):
            if ev.get("method") == method:
                return self.events.pop(k)
        while time.monotonic() < deadline:
            msg = json.loads(self.ws.recv())
            if msg.get("method") == method:
                return msg
            self.events.append(msg)
        raise TimeoutError(f"no {method} within {timeout} s")


def check_pages(
    paths: list[Path],
    *,
    screenshot: dict[Path, Path] | None = None,
    marker: str = "__xss",
    width: int = 1280,
    settle: float = 0.5,
) -> list[PageReport]:
    """Load each page in one headless Chromium and report what happened.

    ``screenshot`` maps a page to the PNG to write for it (full page). ``marker`` names a global
    that an injected test script would set if it ran.
    """
    exe = find_chromium()
    if exe is None:
        raise FileNotFoundError("chromium not found on PATH (Debian: apt-get install chromium)")
    screenshot = screenshot or {}
    # Chromium's helper processes may still be writing to the profile for a moment after the
    # browser exits: the whole process group is stopped, and a profile that cannot be removed at
    # once is left to the system's temporary-file cleanup rather than failing the test.
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:
        proc = subprocess.Popen(
            [
                exe,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-extensions",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--host-resolver-rules=MAP * ~NOTFOUND",
                f"--user-data-dir={profile}",
                "--remote-debugging-port=0",
                f"--window-size={width},900",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            port_file = Path(profile) / "DevToolsActivePort"
            deadline = time.monotonic() + 60
            while not (port_file.exists() and port_file.read_text().strip()):
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("chromium did not start its DevTools endpoint")
                time.sleep(0.1)
            port = int(port_file.read_text().split()[0])
            import urllib.request

            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=30) as resp:
                targets = json.load(resp)
            page = next(t for t in targets if t.get("type") == "page")
            cdp = _CDP(page["webSocketDebuggerUrl"])
            for domain in ("Page", "Network", "Runtime", "Log"):
                cdp.call(f"{domain}.enable")
            reports = []
            for path in paths:
                rep = PageReport(path=path)
                cdp.events.clear()
                cdp.call("Page.navigate", url=path.resolve().as_uri())
                cdp.wait_for("Page.loadEventFired")
                time.sleep(settle)
                js = (
                    "JSON.stringify({n: document.images.length, broken: Array.from(document.images)"
                    ".filter(i => !(i.complete && i.naturalWidth > 0)).map(i => (i.alt || i.src).slice(0, 80)),"
                    " text: document.body ? document.body.innerText.length : 0,"
                    f" marker: typeof window.{marker} !== 'undefined'}})"
                )
                res = json.loads(cdp.call("Runtime.evaluate", expression=js, returnByValue=True)["result"]["value"])
                rep.n_images, rep.broken_images, rep.text_length, rep.marker_ran = (
                    res["n"],
                    res["broken"],
                    res["text"],
                    res["marker"],
                )
                for ev in cdp.events:
                    m, p = ev.get("method"), ev.get("params", {})
                    if m == "Network.requestWillBeSent":
                        rep.requests.append(p["request"]["url"])
                    elif m == "Runtime.exceptionThrown":
                        rep.errors.append(p["exceptionDetails"].get("text", "exception"))
                    elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                        rep.errors.append(
                            " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", []))
                        )
                    elif m == "Log.entryAdded" and p["entry"].get("level") == "error":
                        rep.errors.append(p["entry"].get("text", ""))
                if path in screenshot:
                    size = cdp.call("Page.getLayoutMetrics")["cssContentSize"]
                    shot = cdp.call(
                        "Page.captureScreenshot",
                        format="png",
                        captureBeyondViewport=True,
                        clip={"x": 0, "y": 0, "width": width, "height": min(size["height"], 4000), "scale": 1},
                    )
                    Path(screenshot[path]).parent.mkdir(parents=True, exist_ok=True)
                    Path(screenshot[path]).write_bytes(base64.b64decode(shot["data"]))
                reports.append(rep)
            cdp.ws.close()
            return reports
        finally:
            _stop_group(proc)


def _stop_group(proc: subprocess.Popen) -> None:
    """Stop Chromium and every helper process it started (its own session's process group)."""
    import os
    import signal

    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
        time.sleep(0.2)  # helpers leave the group a moment after the browser itself
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        return
