"""Environment of the child processes that the command benchmarks time.

A user's ``pip install`` leaves compiled bytecode (``__pycache__``) beside the sources,
so a command does not recompile poolcalc's modules each time it starts.  A machine
with ``PYTHONDONTWRITEBYTECODE`` set (this sandbox sets it) never writes that cache,
and every timed process then compiles about 450 modules (0.35-0.45 s CPU on the AMD
EPYC of benchmarks/README.md).  The timed children run without that variable, after
one warm-up process has written the cache, so they measure what a user's command costs.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def child_env(checkout: Path) -> dict[str, str]:
    """``os.environ`` with ``PYTHONPATH`` at *checkout* and bytecode caching allowed."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(checkout)
    return env


def warm_bytecode(checkout: Path, modules: str = "poolcalc.cli._main") -> None:
    """Import *modules* once in a child so that their ``__pycache__`` exists."""
    subprocess.run([sys.executable, "-c", f"import {modules}"], cwd=checkout,
                   env=child_env(checkout), check=True, capture_output=True)
