"""Text utilities shared by importers and matching: hashtag extraction, HTML to text, normalisation."""

from groundswell.text.hashtags import PLATFORMS, Hashtag, extract_hashtags, is_valid_hashtag
from groundswell.text.normalize import fold_tag, fold_text

__all__ = [
    "PLATFORMS",
    "Hashtag",
    "extract_hashtags",
    "fold_tag",
    "fold_text",
    "is_valid_hashtag",
]
