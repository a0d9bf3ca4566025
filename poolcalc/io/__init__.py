"""poolcalc.io (to be filled in)."""
