"""poolcalc.allocation (to be filled in)."""
