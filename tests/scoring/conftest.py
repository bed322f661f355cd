from scoring_kit import converse

__all__ = ["converse"]
