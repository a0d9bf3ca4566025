"""poolcalc.compliance (to be filled in)."""
