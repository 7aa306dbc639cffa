"""Retrieve previously fact-checked claims for a query text: lexical (BM25), dense (sentence embeddings),
their fusion, and a learned re-ranker over the fused top candidates."""
