"""Text in: cleaning, sentence splitting, languages, HTML extraction."""
