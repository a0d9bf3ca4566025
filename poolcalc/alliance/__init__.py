"""poolcalc.alliance (to be filled in)."""
