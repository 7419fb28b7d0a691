"""Start the dashboard and drive it in Debian's Chromium (shared by browser tests and benchmark).

Never runs ``playwright install``: Chromium comes from apt (/usr/bin/chromium).
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
REGION_PATHS = "path.mm-region"


def free_port() -> int:
    """A TCP port that is free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@contextlib.contextmanager
def running_app(
    timeout_s: float = 90.0, db: Path | None = None, env: dict[str, str] | None = None
) -> Iterator[str]:
    """Run ``streamlit run dashboard.py`` on a free port; yield its base URL; stop it after.

    ``db`` is the store file (default: a fresh one in a temporary folder, so the user's
    own store is never touched); ``env`` adds environment variables. Readiness is polled
    on ``/_stcore/health``; the process is killed at exit.
    """
    with contextlib.ExitStack() as stack:
        if db is None:
            folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="mm-browser-"))
            db = Path(folder) / "mentionmap.sqlite"
        process_env = {**os.environ, "MENTIONMAP_DB": str(db), **(env or {})}
        if "MENTIONMAP_READ_ONLY" not in (env or {}):
            process_env.pop("MENTIONMAP_READ_ONLY", None)
        yield from _serve(timeout_s, process_env)


def _serve(timeout_s: float, env: dict[str, str]) -> Iterator[str]:
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(REPO / "dashboard.py"),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    log = open(os.devnull, "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        poll = threading.Event()
        while not _healthy(f"{base}/_stcore/health"):
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with code {proc.returncode}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"dashboard not healthy after {timeout_s} s")
            poll.wait(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def launch_browser(playwright):
    """Headless Debian Chromium with background networking off."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def block_external(context, blocked: list[str]) -> None:
    """Abort every request not addressed to this machine and record its URL in ``blocked``."""

    def handle(route):
        url = route.request.url
        host = urlparse(url).hostname or ""
        if url.startswith(("data:", "blob:", "about:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", handle)


def map_frame(page):
    """The st_folium component's frame (Playwright FrameLocator)."""
    return page.frame_locator(MAP_IFRAME)


def screen_point(page, lat: float, lon: float) -> tuple[float, float]:
    """Page coordinates (CSS px) of WGS84 (lat, lon) on the Leaflet map in the iframe."""
    frame = page.locator(MAP_IFRAME).element_handle().content_frame()
    x, y = frame.evaluate(
        """([lat, lon]) => {
            const p = window.map.latLngToContainerPoint([lat, lon]);
            const r = window.map.getContainer().getBoundingClientRect();
            return [r.left + p.x, r.top + p.y];
        }""",
        [lat, lon],
    )
    box = page.locator(MAP_IFRAME).bounding_box()
    return box["x"] + x, box["y"] + y
