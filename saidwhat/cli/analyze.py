"""``saidwhat analyze``."""
