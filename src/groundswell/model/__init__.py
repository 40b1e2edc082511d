"""The canonical records every platform importer produces: posts, deletions and notes."""

from groundswell.model.items import Deletion, Item, NoPosts, SourceRef
from groundswell.model.post import Engagement, Post, PostKind, normalize_hashtag

__all__ = [
    "Deletion",
    "Engagement",
    "Item",
    "NoPosts",
    "Post",
    "PostKind",
    "SourceRef",
    "normalize_hashtag",
]
