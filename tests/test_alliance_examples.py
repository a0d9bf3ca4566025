"""The alliance example script runs and prints the paper's diagnoses."""

import os
import subprocess
import sys
from pathlib import Path

from poolcalc.alliance import TABLE3, Stage

ROOT = Path(__file__).resolve().parents[1]


def test_example_04_runs():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "04_alliance_stage_diagnosis.py")],
        capture_output=True, text=True, env=env, check=False, timeout=60,
    )
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "stage = marketization (标准市场化)" in text  # TD-SCDMA at the time of writing
    assert "as of 2004: formation" in text and "as of 2005: industrialization" in text
    assert "use government procurement" in text  # table 3, marketization strategy 1
    # table 3, industrialization strategy 3, as the example prints it in Chinese
    assert TABLE3[Stage.INDUSTRIALIZATION].strategies[2].text.zh in text
    assert "total    237456.00       50000.00  287456.00" in text
