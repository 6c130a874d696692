"""Fast engine for sumy's lexrank (to be written)."""
