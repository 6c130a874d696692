"""Fast engine for sumy's textrank (to be written)."""
