"""Fast engine for sumy's reduction (to be written)."""
