"""The rural cooperation model plugin (import-free: the hooks live in plugin.py)."""
KEY = "rural"
