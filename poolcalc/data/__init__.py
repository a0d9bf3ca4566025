"""poolcalc.data (to be filled in)."""
