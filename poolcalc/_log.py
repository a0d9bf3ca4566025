"""Logging of the library: what was read, how many rows, how long it took.

Every module that logs takes ``logging.getLogger(__name__)`` (all under the
``poolcalc`` logger, silent unless the application configures logging; the command
line does with ``-v`` / ``-vv``).  :func:`timed` wraps a public entry point so that it
logs its start at DEBUG and its end at INFO with a summary of the result and the
elapsed time, e.g. ``read pool poolcalc/data/example_pool: 3496 patents, 9870 sales
rows (0.21 s)``.  The command line's progress bar advances on these INFO records.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["timed"]

F = TypeVar("F", bound=Callable[..., Any])


def timed(
    logger: logging.Logger, what: Callable[..., str], done: Callable[[Any], str] | None = None
) -> Callable[[F], F]:
    """Decorate a function so that it logs its start (DEBUG) and end (INFO) with timings.

    Parameters
    ----------
    logger : logging.Logger
        The defining module's logger (``logging.getLogger(__name__)``).
    what : callable
        Called with the function's arguments; returns what is being done
        (``"read pool DIR"``).
    done : callable, optional
        Called with the result; returns a summary (``"25 members"``).

    Returns
    -------
    callable
        A decorator; the decorated function keeps its name, signature and docstring.
        Nothing is computed for the messages unless the logger is enabled for INFO.

    Examples
    --------
    >>> import logging
    >>> log = logging.getLogger("poolcalc.example")
    >>> @timed(log, lambda n: f"count to {n}", lambda r: f"{r} numbers")
    ... def count(n):
    ...     return len(range(n))
    >>> count(3)
    3
    """

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not logger.isEnabledFor(logging.INFO):
                return func(*args, **kwargs)
            try:
                label = what(*args, **kwargs)
            except Exception:  # a message must never break the call
                label = func.__name__
            logger.debug("%s ...", label)
            start = time.perf_counter()
            out = func(*args, **kwargs)
            elapsed = time.perf_counter() - start
            summary = ""
            if done is not None:
                try:
                    summary = ": " + done(out)
                except Exception:
                    summary = ""
            logger.info("%s%s (%.2f s)", label, summary, elapsed)
            return out

        return wrapper  # type: ignore[return-value]

    return decorate
