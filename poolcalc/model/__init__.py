"""poolcalc.model (to be filled in)."""
