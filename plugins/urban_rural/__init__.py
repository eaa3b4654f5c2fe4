"""The urban_rural cooperation model plugin (import-free: the hooks live in plugin.py)."""
KEY = "urban_rural"
