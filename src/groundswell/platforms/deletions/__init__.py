"""Files of deleted post ids (one a line): recorded and applied as deletions."""

from groundswell.platforms.deletions.parse import FORMAT

__all__ = ["FORMAT"]
