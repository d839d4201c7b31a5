"""Pieces of pages: pure functions from rows to Dash components (text stays text)."""
