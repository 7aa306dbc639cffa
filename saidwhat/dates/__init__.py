"""Date and time expressions, resolved against the article's publication date."""

from saidwhat.dates.component import find_dates

__all__ = ["find_dates"]
