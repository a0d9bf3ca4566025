"""PDF and PNG of a document's HTML through headless Chromium (print to PDF).

One browser serves many documents: :class:`Browser` starts Chromium with
``--remote-debugging-pipe`` and speaks the DevTools protocol over the pipe (JSON
messages ending in a NUL byte, commands on the browser's fd 3, replies on fd 4), so
a run of a hundred invoices pays Chromium's start-up once.  Pages are loaded from a
temporary file (no network: Chromium is started with background networking,
component updates and sync off) and printed with the document's own ``@page``
stylesheet (A4).  The browser is Debian's ``chromium`` package (``/usr/bin/chromium``)
or the executable named by the ``POOLCALC_CHROMIUM`` environment variable.

References
----------
Chrome DevTools Protocol, ``Page.printToPDF`` and ``Page.captureScreenshot``,
chromedevtools.github.io/devtools-protocol/tot/Page/.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from poolcalc.errors import PoolcalcError

__all__ = ["CHROMIUM_FLAGS", "Browser", "BrowserError", "find_chromium"]

#: Flags of every Chromium started here (headless, no network of its own, no GPU).
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--hide-scrollbars", "--mute-audio",
)
_TRAMPOLINE = ("import os, sys; os.dup2(int(sys.argv[1]), 3); os.dup2(int(sys.argv[2]), 4); "
               "os.execvp(sys.argv[3], sys.argv[3:])")
_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


class BrowserError(PoolcalcError, RuntimeError):
    """Chromium is missing, failed to start, or did not answer in time."""


def find_chromium() -> str:
    """Return the Chromium executable (``$POOLCALC_CHROMIUM`` or the first on ``PATH``).

    Returns
    -------
    str
        Path or name of the executable.

    Raises
    ------
    BrowserError
        None is installed (the message says how to install Debian's package).

    Examples
    --------
    >>> find_chromium().rsplit("/", 1)[-1] in ("chromium", "chromium-browser", "google-chrome",
    ...                                        "google-chrome-stable")
    True
    """
    env = os.environ.get("POOLCALC_CHROMIUM")
    if env:
        return env
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    raise BrowserError(
        "PDF output needs headless Chromium: install Debian's chromium package "
        "(apt-get install chromium) or set POOLCALC_CHROMIUM to the browser's executable"
    )


def _high(fd: int) -> int:
    """Move a pipe end above fd 9, so the child's fds 3 and 4 can be set freely."""
    new = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return new


class Browser:
    """A headless Chromium kept open for many documents (a context manager).

    Examples
    --------
    ::

        with Browser() as b:
            b.pdf("<h1>Invoice</h1>", "invoice.pdf")
            b.screenshot("<h1>Invoice</h1>", "invoice.png")
    """

    def __init__(self, executable: str | None = None, timeout: float = 60.0) -> None:
        self.executable = executable or find_chromium()
        self.timeout = timeout
        self._proc: subprocess.Popen[bytes] | None = None
        self._buf = b""
        self._id = 0
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._session = ""

    # -- process ----------------------------------------------------------------------------
    def start(self) -> Browser:
        """Start Chromium and open one page."""
        self._tmp = tempfile.TemporaryDirectory(prefix="poolcalc-chromium-")
        try:
            return self._start()
        except BaseException:
            self.close()
            raise

    def _start(self) -> Browser:
        r_cmd, self._w = (_high(x) for x in os.pipe())
        self._r, w_res = (_high(x) for x in os.pipe())
        if shutil.which(self.executable) is None:
            os.close(r_cmd)
            os.close(w_res)
            raise BrowserError(f"cannot start {self.executable}: no such executable")
        profile = Path(self._dir) / "profile"
        # a two-line Python trampoline puts the pipe ends on the browser's fds 3 and 4
        # and execs it (no preexec_fn, which is unsafe in a process with threads)
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-c", _TRAMPOLINE, str(r_cmd), str(w_res), self.executable,
                 *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe",
                 "about:blank"],
                pass_fds=(r_cmd, w_res), stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
        except OSError as exc:
            raise BrowserError(f"cannot start {self.executable}: {exc.strerror}") from None
        finally:
            os.close(r_cmd)
            os.close(w_res)
        target = self._call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self._session = self._call("Target.attachToTarget",
                                   {"targetId": target, "flatten": True})["sessionId"]
        self._call("Page.enable", session=self._session)
        return self

    def close(self) -> None:
        """Close the browser and remove its profile."""
        if self._proc is not None:
            with contextlib.suppress(BrowserError, OSError):
                self._send("Browser.close")
            try:
                self._proc.wait(10)
            except subprocess.TimeoutExpired:  # pragma: no cover - a hung browser
                self._proc.kill()
                self._proc.wait()
            self._proc = None
        for name in ("_w", "_r"):
            fd = getattr(self, name, None)
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)
                setattr(self, name, None)
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    @property
    def _dir(self) -> str:
        if self._tmp is None:
            raise BrowserError("the browser is not started (use it as a context manager)")
        return self._tmp.name

    def __enter__(self) -> Browser:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- protocol ---------------------------------------------------------------------------
    def _send(self, method: str, params: dict[str, Any] | None = None,
              session: str | None = None) -> int:
        self._id += 1
        msg: dict[str, Any] = {"id": self._id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        try:
            os.write(self._w, json.dumps(msg).encode() + b"\0")
        except OSError as exc:
            raise BrowserError(f"Chromium closed its pipe ({exc.strerror}); did it start? "
                               f"({self.executable})") from None
        return self._id

    def _wait(self, match: Any) -> dict[str, Any]:
        end = time.monotonic() + self.timeout
        while True:
            while b"\0" in self._buf:
                raw, _, self._buf = self._buf.partition(b"\0")
                msg = json.loads(raw)
                if match(msg):
                    return msg
            left = end - time.monotonic()
            ready, _, _ = select.select([self._r], [], [], max(left, 0))
            if not ready:
                raise BrowserError(f"Chromium did not answer within {self.timeout:g} s")
            chunk = os.read(self._r, 1 << 20)
            if not chunk:
                raise BrowserError(f"Chromium exited ({self.executable})")
            self._buf += chunk

    def _call(self, method: str, params: dict[str, Any] | None = None,
              session: str | None = None) -> dict[str, Any]:
        i = self._send(method, params, session)
        msg = self._wait(lambda m: m.get("id") == i)
        if "error" in msg:
            raise BrowserError(f"Chromium {method}: {msg['error'].get('message', msg['error'])}")
        return msg.get("result", {})

    def _load(self, html: str) -> None:
        page = Path(self._dir) / "document.html"
        page.write_text(html, encoding="utf-8")
        self._call("Page.navigate", {"url": page.as_uri()}, self._session)
        self._wait(lambda m: m.get("method") == "Page.loadEventFired"
                   and m.get("sessionId") == self._session)

    # -- output -----------------------------------------------------------------------------
    def pdf(self, html: str, path: str | os.PathLike[str]) -> Path:
        """Print ``html`` to a PDF file (the page's ``@page`` size, backgrounds printed)."""
        self._load(html)
        data = self._call("Page.printToPDF", {"printBackground": True,
                                              "preferCSSPageSize": True}, self._session)["data"]
        out = Path(path)
        out.write_bytes(base64.b64decode(data))
        return out

    def screenshot(self, html: str, path: str | os.PathLike[str], *, width: int = 1200,
                   height: int = 1600) -> Path:
        """Save a PNG of ``html`` rendered in a ``width`` x ``height`` viewport."""
        self._call("Emulation.setDeviceMetricsOverride",
                   {"width": width, "height": height, "deviceScaleFactor": 1,
                    "mobile": False}, self._session)
        self._load(html)
        data = self._call("Page.captureScreenshot", {"format": "png"}, self._session)["data"]
        out = Path(path)
        out.write_bytes(base64.b64decode(data))
        return out
