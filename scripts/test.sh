#!/usr/bin/env bash
# Run the whole test suite, setting everything up first if needed (this is what CI runs).
#
#   bash scripts/test.sh [pytest args...]     e.g. bash scripts/test.sh -k attribution -x
#
# Steps, stopping at the first failure: setup, system packages, ruff check, ruff format --check,
# mypy (strict, from pyproject), schema check, pytest.
# pytest's exit status is passed on; "no tests collected" (exit 5) counts as a failure.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

total_start=$SECONDS
steps_run=0

step() {  # step NAME COMMAND...: announce, run, time; stop the script on failure
  local name="$1" rc=0 start=$SECONDS
  shift
  echo
  echo "==> [$name] $*"
  "$@" || rc=$?
  if ((rc != 0)); then
    echo
    echo "test.sh: FAILED at step '$name' (exit $rc): $*" >&2
    exit "$rc"
  fi
  steps_run=$((steps_run + 1))
  echo "<== [$name] ok ($((SECONDS - start))s)"
}

# ---------------------------------------------------------------------------------------------------
# System packages (Debian) that tests need beyond Python, installed only when missing so that a set-up
# machine stays fast: PostgreSQL 15 (the store tests start a throwaway cluster of their own, see
# tests/postgres.py) and Chromium (the web tests drive it with Playwright).
have_postgres() {
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || command -v initdb >/dev/null 2>&1
}
ensure_postgres() {
  if have_postgres; then
    echo "postgresql: $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | head -n 1) (present)"
    return 0
  fi
  if [[ "$(id -u)" != 0 ]]; then
    echo "test.sh: PostgreSQL is missing and this is not root: run 'sudo apt-get install postgresql-15'" >&2
    return 1
  fi
  echo "installing postgresql-15 from Debian ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # The package's own 'main' cluster is not wanted (tests make their own); policy-rc.d keeps it stopped.
  apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null
  have_postgres
}

# Chromium: the web app's end-to-end and hostile-article tests drive Debian's build with Playwright
# (executable_path=/usr/bin/chromium; never `playwright install`, which downloads a browser of its own).
ensure_chromium() {
  if [[ -x /usr/bin/chromium ]]; then
    echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium) (present)"
    return 0
  fi
  if [[ "$(id -u)" != 0 ]]; then
    echo "test.sh: Chromium is missing and this is not root: run 'sudo apt-get install chromium'" >&2
    return 1
  fi
  echo "installing chromium from Debian ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
  [[ -x /usr/bin/chromium ]]
}

ensure_system_packages() {
  ensure_postgres
  ensure_chromium
}
# ---------------------------------------------------------------------------------------------------

run_pytest() {
  local rc=0
  .venv/bin/python -m pytest -q "$@" || rc=$?
  if ((rc == 5)); then
    echo "test.sh: pytest collected no tests (exit 5): treating as failure" >&2
  fi
  return "$rc"
}

step "setup" bash scripts/setup.sh
export PATH="$ROOT/.venv/bin:$PATH"
export VIRTUAL_ENV="$ROOT/.venv"
step "system packages" ensure_system_packages
step "ruff check" .venv/bin/ruff check saidwhat tests scripts
step "ruff format" .venv/bin/ruff format --check saidwhat tests scripts
step "mypy" .venv/bin/mypy saidwhat
step "schema check" .venv/bin/python -m saidwhat.schema --check
step "pytest" run_pytest "$@"

echo
echo "test.sh: all $steps_run steps passed in $((SECONDS - total_start))s"
