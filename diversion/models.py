"""Filled in by a later issue (see the issues list)."""
