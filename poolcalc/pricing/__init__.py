"""poolcalc.pricing (to be filled in)."""
