"""Working with a corpus in a store: batch ingestion that resumes after a kill, queries, speaker identities
across articles, speaker timelines and exports. The store itself is :mod:`saidwhat.store`."""
