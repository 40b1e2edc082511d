"""web layer: the dashboard server (FastAPI), its static files and the store watcher."""
