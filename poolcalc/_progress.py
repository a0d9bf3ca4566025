"""Command-line comfort: ``-v`` / ``-vv`` logging and a progress bar on stderr.

The library logs what it reads and computes through :mod:`logging` (loggers under
``poolcalc``, see :mod:`poolcalc._log`).  :func:`cli_session` configures them for one
command:

- ``-v`` prints the INFO records (files read, rows, timings) on stderr, ``-vv`` the
  DEBUG ones too;
- otherwise, when stderr is a terminal and ``--quiet`` is not given, a progress bar
  (tqdm, the ``progress`` extra: ``pip install 'poolcalc[progress]'``) advances on
  each INFO record and shows the step under way; it appears only once a run has
  taken more than a second and is removed at the end.  Without tqdm, or when stderr
  is not a terminal (a pipe, a file, CI), nothing is shown.

Standard output is never touched: tables, JSON and CSV stay byte-identical.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterator
from typing import Any, TextIO

__all__ = ["DELAY", "ProgressHandler", "cli_session", "make_bar"]

#: Seconds a run must take before its progress bar appears.
DELAY = 1.0

_ROOT = "poolcalc"
_FORMAT = "poolcalc: %(name)s: %(message)s"


def make_bar(desc: str, stream: TextIO) -> Any:
    """Return a tqdm progress bar on ``stream``, or None when tqdm is not installed.

    Parameters
    ----------
    desc : str
        Shown before the bar (the command).
    stream : file
        Where the bar is drawn (stderr).

    Returns
    -------
    tqdm.tqdm or None
        A bar of unknown length that appears after :data:`DELAY` seconds and is
        removed when closed.

    Examples
    --------
    >>> import io
    >>> bar = make_bar("royalties", io.StringIO())
    >>> bar is None or bar.total is None
    True
    """
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm(desc=desc, total=None, unit="step", file=stream, delay=DELAY, leave=False,
                dynamic_ncols=True)


class ProgressHandler(logging.Handler):
    """A logging handler that advances a progress bar on each record it receives.

    Parameters
    ----------
    bar : tqdm.tqdm
        The bar to advance; the record's message becomes its postfix (the step).
    """

    def __init__(self, bar: Any) -> None:
        super().__init__(logging.INFO)
        self.bar = bar

    def emit(self, record: logging.LogRecord) -> None:
        """Advance the bar by one step and show the record's message.

        Parameters
        ----------
        record : logging.LogRecord

        Returns
        -------
        None
        """
        try:
            self.bar.set_postfix_str(record.getMessage()[:80], refresh=False)
            self.bar.update(1)
        except Exception:  # pragma: no cover - a bar must never break a run
            self.handleError(record)


@contextlib.contextmanager
def cli_session(
    command: str, *, verbose: int = 0, quiet: bool = False, stream: TextIO | None = None
) -> Iterator[Any]:
    r"""Configure logging and the progress bar for one command, and undo it afterwards.

    Parameters
    ----------
    command : str
        The sub-command (shown before the bar).
    verbose : int
        0: no log lines; 1 (``-v``): INFO; 2 or more (``-vv``): DEBUG.
    quiet : bool
        No progress bar (``--quiet``); log lines asked for with ``-v`` still print.
    stream : file, optional
        Where logs and the bar go (default ``sys.stderr``).

    Yields
    ------
    tqdm.tqdm or None
        The progress bar, when one is shown.

    Examples
    --------
    >>> import io, logging
    >>> err = io.StringIO()
    >>> with cli_session("demo", verbose=1, stream=err):
    ...     logging.getLogger("poolcalc.io").info("read pool.toml")
    >>> err.getvalue()
    'poolcalc: poolcalc.io: read pool.toml\n'
    """
    out = sys.stderr if stream is None else stream
    logger = logging.getLogger(_ROOT)
    old_level = logger.level
    handlers: list[logging.Handler] = []
    bar = None
    if verbose > 0:
        h: logging.Handler = logging.StreamHandler(out)
        h.setFormatter(logging.Formatter(_FORMAT))
        h.setLevel(logging.DEBUG if verbose > 1 else logging.INFO)
        handlers.append(h)
        logger.setLevel(logging.DEBUG if verbose > 1 else logging.INFO)
    elif not quiet and getattr(out, "isatty", lambda: False)():
        bar = make_bar(f"poolcalc {command}", out)
        if bar is not None:
            handlers.append(ProgressHandler(bar))
            logger.setLevel(logging.INFO)
    for h in handlers:
        logger.addHandler(h)
    try:
        yield bar
    finally:
        for h in handlers:
            logger.removeHandler(h)
        logger.setLevel(old_level)
        if bar is not None:
            bar.close()
