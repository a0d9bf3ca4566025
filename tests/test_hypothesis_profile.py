"""The README's test command runs the deterministic Hypothesis profile (issue 10)."""

import os
import re
from pathlib import Path

from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]


def test_default_profile_is_deterministic():
    # the profile loaded is the deterministic one unless HYPOTHESIS_PROFILE chose another
    assert settings._current_profile == os.environ.get("HYPOTHESIS_PROFILE", "deterministic")
    s = settings.get_profile("deterministic")
    assert s.derandomize is True
    assert s.database is None
    assert s.deadline is None


def test_readme_test_command_sets_no_profile():
    """The README's command is plain pytest: it gets the default (deterministic) profile."""
    text = (ROOT / "README.md").read_text()
    cmd = next(line for line in text.splitlines() if "python -m pytest" in line)
    assert "HYPOTHESIS_PROFILE" not in cmd and not re.search(r"\bCI=", cmd)
