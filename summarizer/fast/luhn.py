"""Fast engine for sumy's luhn (to be written)."""
