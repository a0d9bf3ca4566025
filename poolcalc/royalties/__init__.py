"""poolcalc.royalties (to be filled in)."""
