"""The pipeline version: which analysis produced a stored row.

Bump ``PIPELINE_VERSION`` whenever a change alters what the pipeline outputs for the same article (a
retrained model, a new rule, a new field). The corpus store records it on every row it writes, and
``saidwhat ingest --upgrade`` re-analyses the stored articles that an older version produced.
"""

from __future__ import annotations

from saidwhat.model import SCHEMA_VERSION

#: ``<package version>+s<schema version>.<revision>``; raise the revision for output changes that keep
#: the schema.
PIPELINE_VERSION = f"0.1.0+s{SCHEMA_VERSION}.1"
