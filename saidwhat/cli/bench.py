"""``saidwhat bench``."""
