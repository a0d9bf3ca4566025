"""A test hook at each stage of a close: pause there, or die there with SIGKILL.

``POOLCALC_LEDGER_HOOK`` holds comma-separated ``action:stage`` pairs; ``stage`` is one
of :data:`STAGES` (``entries`` matches every batch of entries, ``entries-3`` the third)
or ``*`` (every stage).  Actions:

- ``kill``: the process sends itself SIGKILL (no cleanup, no rollback: what a power cut
  or the OOM killer does);
- ``pause``: create ``$POOLCALC_LEDGER_HOOK_DIR/<stage>.paused`` and wait until
  ``<stage>.go`` appears there (a test then kills the process from outside, or lets it
  go on).

``POOLCALC_LEDGER_BATCH`` sets how many entries are inserted per batch (default 5000),
so a small test journal still passes through many ``entries-N`` stages.  Unset, the
hook costs one dictionary lookup per stage.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

__all__ = ["BATCH", "ENV", "STAGES", "batch_size", "stage"]

ENV = "POOLCALC_LEDGER_HOOK"
ENV_DIR = "POOLCALC_LEDGER_HOOK_DIR"
ENV_BATCH = "POOLCALC_LEDGER_BATCH"
BATCH = 5000

#: The stages of a close, in order (``entries-N`` once per batch of entries).
STAGES = ("locked", "period", "inputs", "entries", "closed", "committed")

_PAUSE_LIMIT_S = 120.0


def batch_size() -> int:
    """Return the number of entries inserted per statement batch."""
    return max(1, int(os.environ.get(ENV_BATCH, BATCH)))


def stage(name: str) -> None:
    """Run the hook's action for stage ``name`` (nothing when the hook is unset)."""
    spec = os.environ.get(ENV)
    if not spec:
        return
    for item in spec.split(","):
        action, _, target = item.strip().partition(":")
        if not (target in ("*", name) or (target == "entries" and name.startswith("entries-"))):
            continue
        if action == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        elif action == "pause":
            folder = Path(os.environ.get(ENV_DIR, "."))
            (folder / f"{name}.paused").write_text(str(os.getpid()))
            deadline = time.monotonic() + _PAUSE_LIMIT_S
            while not (folder / f"{name}.go").exists() and time.monotonic() < deadline:
                time.sleep(0.02)
