"""Fast engine for sumy's lsa (to be written)."""
