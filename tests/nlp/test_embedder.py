"""The shipped int8 sentence embedder: shape, normalisation, agreement with the float model, meaning."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from saidwhat.nlp.embedder import SentenceEmbedder, load_embedder

REFERENCE = json.loads((Path(__file__).parent / "data" / "embedder_reference.json").read_text("utf-8"))
SENTENCES = [item["text"] for item in REFERENCE["sentences"]]
FLOAT = np.asarray([item["embedding"] for item in REFERENCE["sentences"]], dtype=np.float32)


def test_embeddings_are_384_d_unit_vectors_in_input_order() -> None:
    vectors = load_embedder().embed(SENTENCES)
    assert vectors.shape == (len(SENTENCES), 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    # Batched by length internally, returned in the caller's order: each row is its own sentence, the
    # same as when it is embedded alone (the activation scales are fixed, not computed per batch).
    alone = np.concatenate([load_embedder().embed([s]) for s in SENTENCES])
    np.testing.assert_allclose(vectors, alone, atol=1e-5)


def test_the_batch_size_changes_no_vector() -> None:
    embedder = load_embedder()
    one_by_one = embedder.embed(SENTENCES, batch_size=1)
    for size in (2, 3, len(SENTENCES)):
        np.testing.assert_allclose(embedder.embed(SENTENCES, batch_size=size), one_by_one, atol=1e-5)
    with pytest.raises(ValueError, match="at least 1"):
        embedder.embed(SENTENCES, batch_size=0)


def test_the_int8_model_agrees_with_the_float_model() -> None:
    vectors = load_embedder().embed(SENTENCES)
    cosines = (vectors * FLOAT).sum(axis=1) / np.linalg.norm(FLOAT, axis=1)
    assert cosines.min() >= 0.98, cosines


def test_paraphrases_score_higher_than_unrelated_sentences() -> None:
    passports, citizenship, attack, offensive, recipe, ideology, jobs, jobless = load_embedder().embed(
        SENTENCES
    )
    assert passports @ citizenship > passports @ recipe + 0.3
    assert attack @ offensive > max(attack @ recipe, attack @ jobs)
    assert jobs @ jobless > max(jobs @ ideology, jobs @ passports)


def test_an_empty_list_gives_no_rows_and_a_lone_string_is_refused() -> None:
    assert load_embedder().embed([]).shape == (0, 384)
    with pytest.raises(TypeError, match="sequence of texts"):
        load_embedder().embed("one sentence")


def test_a_long_text_is_cut_to_the_model_length_not_refused() -> None:
    vector = load_embedder().embed(["word " * 2000])
    assert vector.shape == (1, 384) and np.isfinite(vector).all()


def test_an_incomplete_model_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"missing embedder\.onnx"):
        SentenceEmbedder(tmp_path)
