"""Import one module from its file, for the training scripts.

Their venv (``.venv-train``: torch, no spaCy) cannot import the saidwhat package, whose ``__init__``
loads spaCy; the scripts load the few spaCy-free modules they share with it (and each other) by path.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType


def load_by_path(name: str, path: Path) -> ModuleType:
    """The module in ``path``, imported under ``name`` (and registered in ``sys.modules``)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
