#!/usr/bin/env bash
# Set up (or check) the project's virtualenv in .venv: everything a fresh clone needs.
#
#   bash scripts/setup.sh        # -q / --quiet: print nothing unless something fails
#
# 1. finds Python: SAIDWHAT_PYTHON if set, else 3.12 (pyenv first), else python3 >= 3.11; fails otherwise
# 2. creates .venv if missing (an existing .venv is kept, whatever its Python >= 3.11)
# 3. installs requirements/lock-pyXY.txt for the venv's Python with --require-hashes
#    (runtime + dev tools + setuptools/wheel), then the package itself: pip install --no-deps
#    --no-build-isolation -e .   and runs pip check
# 4. writes .venv/.saidwhat-setup.stamp; when the lock, pyproject.toml and this script are unchanged the
#    next run skips step 3 and takes well under a second.
# Refuses to install a lock that is stale with respect to pyproject.toml's dependencies: run
# `bash scripts/lock.sh` after changing them.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"
STAMP="$VENV/.saidwhat-setup.stamp"
LOG="$VENV/setup.log"

quiet=0
for arg in "$@"; do
  case "$arg" in
    -q|--quiet) quiet=1 ;;
    *) echo "setup.sh: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

say() { ((quiet)) || echo "setup: $*"; }
die() { echo "setup.sh: ERROR: $*" >&2; exit 1; }

is_ok_python() {  # $1: interpreter; true if it runs and is >= 3.11 with venv support
  "$1" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1
}

find_python() {
  local cand root
  local -a cands=()
  if [[ -n "${SAIDWHAT_PYTHON:-}" ]]; then
    is_ok_python "$SAIDWHAT_PYTHON" || die "SAIDWHAT_PYTHON=$SAIDWHAT_PYTHON is not a working Python >= 3.11"
    command -v "$SAIDWHAT_PYTHON"
    return
  fi
  # Python 3.12 (spaCy runs ~50% faster than on 3.11): pyenv's newest 3.12.x, then python3.12 on PATH.
  if command -v pyenv >/dev/null 2>&1 && root="$(pyenv root 2>/dev/null)"; then
    while IFS= read -r cand; do cands+=("$cand"); done < <(
      ls -d "$root"/versions/3.12.*/bin/python3.12 2>/dev/null | sort -V -r)
  fi
  cands+=(python3.12 python3 python)
  for cand in "${cands[@]}"; do
    if is_ok_python "$cand"; then
      command -v "$cand"
      return
    fi
  done
  die "no Python >= 3.11 found (tried pyenv 3.12.x, python3.12, python3, python). Install Python 3.12 \
(e.g. 'pyenv install 3.12') or point SAIDWHAT_PYTHON at an interpreter."
}

# Serialise concurrent runs (e.g. example.sh and test.sh started together).
mkdir -p "$ROOT/.tmp"
exec 9>"$ROOT/.tmp/setup.lock"
if command -v flock >/dev/null 2>&1; then flock 9; fi

if [[ ! -e "$VENV" ]]; then
  py="$(find_python)"
  say "creating .venv with $py ($("$py" -c 'import sys; print(sys.version.split()[0])'))"
  "$py" -m venv "$VENV" || die "could not create .venv with $py"
  rm -f "$STAMP"
fi
[[ -x "$VENV/bin/python" ]] && is_ok_python "$VENV/bin/python" \
  || die ".venv exists but $VENV/bin/python is not a working Python >= 3.11: remove it (rm -rf .venv) and re-run"

pyver="$("$VENV/bin/python" -c 'import sys; print("%d%d" % sys.version_info[:2])')"
LOCK="requirements/lock-py$pyver.txt"
[[ -f "$LOCK" ]] || die "no lock file for Python ${pyver:0:1}.${pyver:1} ($LOCK); locks exist for: \
$(cd requirements && ls lock-py*.txt 2>/dev/null | tr '\n' ' '). Recreate .venv with a supported Python \
(rm -rf .venv; SAIDWHAT_PYTHON=/path/to/python3.12 bash scripts/setup.sh)."

want_inputs="$("$VENV/bin/python" requirements/lockinputs.py pyproject.toml)"
if [[ "$(cat requirements/lock-inputs.sha256 2>/dev/null)" != "$want_inputs" ]]; then
  die "the lock files are stale: pyproject.toml's dependencies changed since they were generated.
Run: bash scripts/lock.sh   (then commit requirements/)"
fi

stamp_value="$(cat "$LOCK" pyproject.toml "$ROOT/scripts/setup.sh" | "$VENV/bin/python" -c \
  'import hashlib, sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())')"
if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$stamp_value" ]]; then
  say ".venv is up to date (Python ${pyver:0:1}.${pyver:1}, $LOCK)"
  exit 0
fi

pip=("$VENV/bin/python" -m pip --disable-pip-version-check --no-input)
run_logged() {  # run a command, output to the log; on failure show the log and stop
  echo "+ $*" >>"$LOG"
  if ! "$@" >>"$LOG" 2>&1; then
    grep -v 'is ignored: it is neither a file nor a directory' "$LOG" | tail -n 60 >&2
    die "step failed: $*  (full log: $LOG)"
  fi
}

: >"$LOG"
start=$SECONDS
say "installing $LOCK into .venv (hash-checked) ..."
run_logged "${pip[@]}" install --require-hashes -r "$LOCK"
say "installing saidwhat (editable) ..."
run_logged "${pip[@]}" install --no-deps --no-build-isolation -e .
run_logged "${pip[@]}" check
echo "$stamp_value" >"$STAMP"
say "done in $((SECONDS - start))s: .venv ready (Python ${pyver:0:1}.${pyver:1}, $LOCK)"
