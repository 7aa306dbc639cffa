"""Authors credited by the text itself: by-lines, book-excerpt credits, closing bio lines."""

from __future__ import annotations

import pytest

from saidwhat.entities.authors import credited_authors


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ukraine talks stall.\n\nBy Jane Smith\n\nI went to Kyiv last week.", ["Jane Smith"]),
        (
            "Then Brafman exposed the tactics. I was stunned.\n\nFrom STEALING AMERICA by Dinesh D’Souza. "
            "Copyright © 2015 by Dinesh D’Souza.",
            ["Dinesh D’Souza"],
        ),
        (
            "I remember feeling betrayed.\n\nJoel B. Pollak is Senior Editor-at-Large at Breitbart News and "
            "the co-author of How Trump Won.",
            ["Joel B. Pollak"],
        ),
        # a closing line about someone who writes nothing is no credit
        ("Trump spoke in Ohio.\n\nDonald Trump is scheduled to speak again on Monday.", []),
        ("A story with no credit line at all. It says nothing of its author.", []),
    ],
    ids=["by-line", "book credit", "bio line", "news subject", "none"],
)
def test_credited_authors(text: str, expected: list[str]) -> None:
    assert credited_authors(text) == expected
