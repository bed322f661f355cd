from browser_kit import browser, server

__all__ = ["browser", "server"]
