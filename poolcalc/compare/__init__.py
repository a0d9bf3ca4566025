"""poolcalc.compare (to be filled in)."""
