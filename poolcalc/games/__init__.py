"""poolcalc.games (to be filled in)."""
