"""Offline evaluation: scoring and replay of labelled transcripts, simulated visitors, reports."""
