from server_kit import client, clock

__all__ = ["client", "clock"]
