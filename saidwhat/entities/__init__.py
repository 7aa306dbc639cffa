"""Entity mentions in an article, grouped into one entity per real-world referent."""

from saidwhat.entities.cluster import find_entities

__all__ = ["find_entities"]
