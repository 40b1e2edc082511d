"""groundswell: measure social-media movements in people, not post counts, safely."""

__version__ = "0.1.0"
