"""Plain-text articles.

A plain-text article is kept exactly as it is: offsets in the analysis must match the file. In
particular a short first line followed by a blank line looks like a headline, but it is *not*
split off into the title: removing it would shift every offset, and guessing wrong would drop a
sentence. The title of a plain-text article is therefore ``None`` unless the caller gives one.
"""

from __future__ import annotations

from saidwhat.errors import EmptyInputError
from saidwhat.model import Article, ArticleMetadata


def article_from_text(
    text: str,
    article_id: str,
    *,
    source: str | None = None,
    metadata: ArticleMetadata | None = None,
) -> Article:
    """Wrap a decoded text in an :class:`Article` without changing a character of it.

    Args:
        text: The article text, already decoded.
        article_id: The article's id.
        source: The file, URL or stream it came from; stored as ``metadata.source_file`` and named in
            errors. Defaults to the id.
        metadata: Metadata to attach; its ``source_file`` is filled in from ``source`` when unset.

    Returns:
        The article, whose ``text`` is ``text`` itself.

    Raises:
        EmptyInputError: The text is empty or only whitespace.
    """
    source = source or article_id
    if not text.strip():
        raise EmptyInputError(source, "the article text is empty; give the text of the article")
    metadata = metadata or ArticleMetadata()
    if metadata.source_file is None:
        metadata = metadata.model_copy(update={"source_file": source})
    return Article(id=article_id, text=text, metadata=metadata)
