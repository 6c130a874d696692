"""Fast engine for sumy's edmundson (to be written)."""
