"""One module per schema revision (``v0001_initial``: version 1)."""
