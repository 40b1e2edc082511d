"""platforms layer."""
