#!/usr/bin/env bash
# Regenerate the hash-checked lock files from pyproject.toml:
#   requirements/lock-py311.txt  (compiled under Python 3.11)
#   requirements/lock-py312.txt  (compiled under Python 3.12)
# Each pins runtime deps + the `dev` extra + the build-system requirements (setuptools, wheel, which
# `pip install --no-build-isolation -e .` needs). One file per Python version because some pins differ
# (numpy >= 2.5 needs Python 3.12).
#
# Usage: bash scripts/lock.sh                 # re-lock only if pyproject's dependency fields changed
#        bash scripts/lock.sh --force         # re-run pip-compile anyway (keeps existing pins)
#        bash scripts/lock.sh --upgrade       # move every pin to the newest allowed release
#        bash scripts/lock.sh --upgrade-package NAME [--upgrade-package NAME ...]
#
# Idempotent: without --upgrade, pip-compile keeps the pins already in the lock files, so re-running it
# on unchanged inputs produces byte-identical files. Torch / CUDA wheels are refused.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PIP_TOOLS_VERSION="7.6.2"
PY_VERSIONS=(3.11 3.12)
TOOLS_DIR="$ROOT/.tmp/lock-tools"
FORBIDDEN='^(torch|torchvision|torchaudio|triton|nvidia-[a-z0-9-]+|cuda-[a-z0-9-]+)=='

die() { echo "lock.sh: ERROR: $*" >&2; exit 1; }

force=0
compile_args=()
while (($#)); do
  case "$1" in
    --force) force=1 ;;
    --upgrade|-U) force=1; compile_args+=(--upgrade) ;;
    --upgrade-package|-P) force=1; compile_args+=(--upgrade-package "${2:?--upgrade-package needs a name}"); shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
  shift
done

# Print the path of an interpreter for Python $1 (e.g. 3.12): pyenv's newest patch release first,
# then pythonX.Y / python3 on PATH. Prints nothing if there is none.
find_python_minor() {
  local want="$1" cand root
  local -a cands=()
  if command -v pyenv >/dev/null 2>&1 && root="$(pyenv root 2>/dev/null)"; then
    while IFS= read -r cand; do cands+=("$cand"); done < <(
      ls -d "$root/versions/$want".*/bin/python"$want" 2>/dev/null | sort -V -r)
  fi
  cands+=("python$want" python3)
  for cand in "${cands[@]}"; do
    if "$cand" -c "import sys; sys.exit(0 if '%d.%d' % sys.version_info[:2] == '$want' else 1)" >/dev/null 2>&1; then
      command -v "$cand"
      return 0
    fi
  done
}

any_python="$(find_python_minor 3.12 || true)"
[[ -n "$any_python" ]] || any_python="$(find_python_minor 3.11 || true)"
[[ -n "$any_python" ]] || die "need Python 3.11 or 3.12 to compute the input digest"
inputs="$("$any_python" requirements/lockinputs.py pyproject.toml)"

if ((force == 0)) && [[ -f requirements/lock-inputs.sha256 ]] \
   && [[ "$(cat requirements/lock-inputs.sha256)" == "$inputs" ]]; then
  all_there=1
  for v in "${PY_VERSIONS[@]}"; do [[ -f "requirements/lock-py${v/./}.txt" ]] || all_there=0; done
  if ((all_there)); then
    echo "lock.sh: lock files are up to date with pyproject.toml (use --force to re-run pip-compile)"
    exit 0
  fi
fi

mkdir -p "$TOOLS_DIR"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Compile one lock file. Runs in the background, one per Python version.
compile_one() {
  local v="$1" tag="py${1/./}" py venv out tmp_out
  py="$(find_python_minor "$v")" || true
  [[ -n "$py" ]] || { echo "no Python $v found (pyenv or python$v on PATH)"; return 1; }
  venv="$TOOLS_DIR/$tag"
  if [[ "$(cat "$venv/.pip-tools-version" 2>/dev/null)" != "$PIP_TOOLS_VERSION" ]]; then
    rm -rf "$venv"
    "$py" -m venv "$venv"
    "$venv/bin/python" -m pip install -q "pip-tools==$PIP_TOOLS_VERSION"
    echo "$PIP_TOOLS_VERSION" >"$venv/.pip-tools-version"
  fi
  out="requirements/lock-$tag.txt"
  tmp_out="$work/lock-$tag.txt"
  # Start from the current lock so its pins are kept (pip-compile prefers existing pins).
  if [[ -f "$out" ]]; then cp "$out" "$tmp_out"; fi
  CUSTOM_COMPILE_COMMAND="bash scripts/lock.sh" "$venv/bin/pip-compile" --quiet \
    --generate-hashes --extra dev --strip-extras --all-build-deps --allow-unsafe \
    --no-emit-index-url --no-emit-find-links --no-emit-trusted-host --newline LF \
    "${compile_args[@]}" -o "$tmp_out" pyproject.toml
  if grep -Eiq "$FORBIDDEN" "$tmp_out"; then
    echo "refusing: the lock would pull torch/CUDA packages:"
    grep -Ei "$FORBIDDEN" "$tmp_out"
    return 1
  fi
  grep -Eq '^setuptools==' "$tmp_out" || { echo "setuptools missing from the lock"; return 1; }
  grep -Eq '^wheel==' "$tmp_out" || { echo "wheel missing from the lock"; return 1; }
}

declare -A pids=()
for v in "${PY_VERSIONS[@]}"; do
  echo "lock.sh: compiling requirements/lock-py${v/./}.txt with Python $v ..."
  compile_one "$v" >"$work/log-$v" 2>&1 &
  pids[$v]=$!
done
failed=0
for v in "${PY_VERSIONS[@]}"; do
  if ! wait "${pids[$v]}"; then
    failed=1
    echo "lock.sh: pip-compile for Python $v FAILED:" >&2
    grep -v 'is ignored: it is neither a file nor a directory' "$work/log-$v" >&2 || true
  fi
done
((failed == 0)) || die "lock files left unchanged"

for v in "${PY_VERSIONS[@]}"; do
  tag="py${v/./}"
  mv "$work/lock-$tag.txt" "requirements/lock-$tag.txt"
done
echo "$inputs" >requirements/lock-inputs.sha256

# Show where the per-version pins differ (expected: only packages that dropped Python 3.11).
pins() { grep -E '^[A-Za-z0-9._-]+==' "$1" | sed 's/ .*//' | sort; }
diffs="$(comm -3 <(pins requirements/lock-py311.txt) <(pins requirements/lock-py312.txt) | tr -d '\t' | tr '\n' ' ')"
echo "lock.sh: wrote requirements/lock-py311.txt, requirements/lock-py312.txt ($(pins requirements/lock-py312.txt | wc -l) pins)"
[[ -z "$diffs" ]] || echo "lock.sh: pins that differ between 3.11 and 3.12: $diffs"
