#!/usr/bin/env bash
# Set everything up if needed, then run the main job on the example article and show the result.
#
#   bash scripts/example.sh [extra saidwhat analyze options...]
#   e.g. bash scripts/example.sh --format json
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/setup.sh --quiet
# The article is a plain text file, which carries no date; it was published on Saturday 5 March 2022,
# which the relative dates ("on Friday", "last month") resolve against.
exec .venv/bin/saidwhat analyze examples/kremlin-peskov-interview.txt --published 2022-03-05 "$@"
