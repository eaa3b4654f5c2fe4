"""The urban cooperation model plugin (import-free: the hooks live in plugin.py)."""
KEY = "urban"
