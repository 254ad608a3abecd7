"""Briefing: a static briefing site generator (storylines, summaries, country pages)."""

__version__ = "0.1.0"
