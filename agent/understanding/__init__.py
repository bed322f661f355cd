"""Turn understanding: a visitor message -> `TurnAnalysis`."""
