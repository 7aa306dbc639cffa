"""``saidwhat eval ...``."""
