"""The HTTP server: widget API, operator API, demo site and widget script (FastAPI)."""
