"""qualify: an AI qualification chat agent for B2B websites."""

__version__ = "0.1.0"
