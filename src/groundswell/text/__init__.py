"""Text utilities shared by importers and matching: hashtag extraction, HTML to text, normalisation."""
