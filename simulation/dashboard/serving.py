"""Run the dashboard in the background and open it in a headless browser.

For the browser tests, the README's screenshot and the dashboard benchmark: :func:`serve`
starts ``python -m simulation.dashboard`` on a free loopback port and stops it afterwards;
:func:`chromium` opens the system's Chromium through Playwright (which cannot download its own
browser on machines without internet access).
"""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

#: Chromium flags for a closed network: no background connections, no first-run work.
CHROMIUM_ARGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def free_port() -> int:
    """A loopback port that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(port: int | None = None, timeout: float = 90.0) -> Iterator[str]:
    """The address of a dashboard server started for the duration of the ``with`` block."""
    port = free_port() if port is None else port
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "simulation.dashboard", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        first = proc.stdout.readline()
        expected = f"Dashboard: http://127.0.0.1:{port}"
        if not first.startswith(expected):
            rest = proc.stdout.read() if proc.poll() is not None else ""
            raise RuntimeError(f"dashboard did not start: {first}{rest}")
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"dashboard exited: {proc.stdout.read()}")
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"dashboard not answering on {url} after {timeout:.0f} s")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout:
            proc.stdout.close()


def chromium_path() -> str:
    """The system Chromium: ``$PHC_CHROMIUM``, else ``chromium`` or ``chromium-browser``."""
    path = os.environ.get("PHC_CHROMIUM") or next(
        (p for p in map(shutil.which, ("chromium", "chromium-browser")) if p), None
    )
    if not path:
        raise RuntimeError(
            "no Chromium found: install Debian's chromium package (apt-get install chromium) "
            "or set PHC_CHROMIUM to a Chromium or Chrome executable"
        )
    return path


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """A headless Playwright ``Browser`` on the system Chromium."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=list(CHROMIUM_ARGS))
        try:
            yield browser
        finally:
            browser.close()
