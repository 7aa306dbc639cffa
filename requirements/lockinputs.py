"""Print a digest of the parts of pyproject.toml that the lock files are generated from.

scripts/lock.sh records it in requirements/lock-inputs.sha256 after compiling; scripts/setup.sh
compares it with the current pyproject.toml and refuses to install a stale lock.
Only the dependency fields count, so editing tool settings in pyproject.toml does not force a re-lock.
Needs Python >= 3.11 (tomllib) and nothing else.
"""

from __future__ import annotations

import hashlib
import json
import sys
import tomllib
from pathlib import Path

FORMAT = 1  # bump to force every checkout to re-lock


def digest(pyproject: Path) -> str:
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    project = data.get("project", {})
    relevant = {
        "format": FORMAT,
        "build-system.requires": data.get("build-system", {}).get("requires", []),
        "requires-python": project.get("requires-python"),
        "dependencies": project.get("dependencies", []),
        "optional-dependencies": project.get("optional-dependencies", {}),
    }
    blob = json.dumps(relevant, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()


if __name__ == "__main__":
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "pyproject.toml"
    print(digest(path))
