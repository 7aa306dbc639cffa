"""Turning files, URLs, streams and dumps into :class:`~saidwhat.model.Article` objects."""
