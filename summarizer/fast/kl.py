"""Fast engine for sumy's kl (to be written)."""
