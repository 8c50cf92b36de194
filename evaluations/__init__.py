"""Surveys, follow-ups and programme reporting (stage 6)."""
