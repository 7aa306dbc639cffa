"""Coded errors. Each message says what failed, for which input, and how to fix it.

The batch layer catches :class:`SaidwhatError` per input, reports it with its code and goes on
with the other inputs, so one broken article never loses the rest of a batch.
"""

from __future__ import annotations


class SaidwhatError(Exception):
    """Base class: a coded error about one input."""

    code = "E000"

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"[{self.code}] {source}: {problem}")


class EmptyInputError(SaidwhatError):
    code = "E001"


class BinaryInputError(SaidwhatError):
    code = "E002"


class DecodeError(SaidwhatError):
    code = "E003"


class NoArticleBodyError(SaidwhatError):
    code = "E004"


class InputTooLargeError(SaidwhatError):
    code = "E005"


class FetchError(SaidwhatError):
    code = "E006"


class MalformedRecordError(SaidwhatError):
    code = "E007"


class InputNotFoundError(SaidwhatError):
    code = "E008"


class AnalysisError(SaidwhatError):
    """A bug or resource problem while analysing one article; reported and skipped."""

    code = "E009"


class UnknownStageError(ValueError):
    """A stage name that saidwhat does not have (a usage error, not an input error)."""


class StoreError(SaidwhatError):
    """The corpus store cannot be opened or written (a bad URL, a server that does not answer)."""

    code = "E010"


class UnsupportedInputError(SaidwhatError):
    """A feed that is not RSS/Atom, a WARC file that is not WARC: a known format, but broken."""

    code = "E011"


class UnknownFactCheckError(SaidwhatError):
    """A fact-check key that names no fact-check in the store (or several)."""

    code = "E012"
