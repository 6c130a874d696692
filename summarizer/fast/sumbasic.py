"""Fast engine for sumy's sumbasic (to be written)."""
