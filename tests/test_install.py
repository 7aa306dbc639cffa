"""The built wheel carries everything the package needs at run time.

Builds a wheel of the working tree (copied to a temporary directory so no build/ or *.egg-info lands in the
checkout) with ``pip wheel --no-deps --no-build-isolation`` and checks its contents against the tree:
``py.typed``, the JSON schema, every data file under ``saidwhat/**/data/``, and the spaCy factory entry
points.
"""

from __future__ import annotations

import configparser
import importlib
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "saidwhat"
# Top-level files a build may read besides the package itself (globs).
BUILD_INPUTS = ("pyproject.toml", "README*", "LICEN[CS]E*", "COPYING*", "NOTICE*", "AUTHORS*", "MANIFEST.in")
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "*.pyo", ".mypy_cache", ".pytest_cache")
EXPECTED_FACTORIES = {
    "saidwhat_entities": "saidwhat.factories:make_entities",
    "saidwhat_attribution": "saidwhat.factories:make_attribution",
}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel-build")
    src = tmp / "src"
    src.mkdir()
    for pattern in BUILD_INPUTS:
        for path in ROOT.glob(pattern):
            if path.is_file():
                shutil.copy2(path, src / path.name)
    shutil.copytree(PACKAGE, src / "saidwhat", ignore=IGNORE)
    out = tmp / "dist"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]
    cmd = [*pip, "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(src)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, f"pip wheel failed:\n{proc.stdout}\n{proc.stderr}"
    wheels = sorted(out.glob("saidwhat-*.whl"))
    assert len(wheels) == 1, f"expected one saidwhat wheel, got {[w.name for w in out.iterdir()]}"
    return wheels[0]


@pytest.fixture(scope="module")
def wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as zf:
        return set(zf.namelist())


def _tree_files(pattern: str) -> list[str]:
    """Files of the source tree matching ``pattern`` (relative to the repo root), as wheel member names."""
    return sorted(
        p.relative_to(ROOT).as_posix()
        for p in ROOT.glob(pattern)
        if p.is_file() and "__pycache__" not in p.parts and p.suffix not in {".pyc", ".pyo"}
    )


@pytest.mark.slow
def test_wheel_has_py_typed(wheel_names: set[str]) -> None:
    assert "saidwhat/py.typed" in wheel_names


@pytest.mark.slow
def test_wheel_has_json_schema(wheel_names: set[str]) -> None:
    schemas = _tree_files("saidwhat/schema/*.json")
    if not schemas:
        pytest.skip("no saidwhat/schema/*.json in the tree yet")
    missing = [f for f in schemas if f not in wheel_names]
    assert not missing, f"schema files missing from the wheel: {missing}"


@pytest.mark.slow
def test_wheel_has_every_data_file(wheel_names: set[str]) -> None:
    data_files = _tree_files("saidwhat/**/data/**/*")
    if not data_files:
        pytest.skip("no data files under saidwhat/**/data/ in the tree")
    missing = [f for f in data_files if f not in wheel_names]
    assert not missing, (
        f"data files missing from the wheel (add their pattern to [tool.setuptools.package-data]): {missing}"
    )


@pytest.mark.slow
def test_wheel_has_templates(wheel_names: set[str]) -> None:
    templates = _tree_files("saidwhat/render/templates/**/*")
    missing = [f for f in templates if f not in wheel_names]
    assert not missing, f"render templates missing from the wheel: {missing}"


@pytest.mark.slow
def test_wheel_declares_entry_points(wheel: Path, wheel_names: set[str]) -> None:
    [ep_name] = [n for n in wheel_names if n.endswith(".dist-info/entry_points.txt")]
    with zipfile.ZipFile(wheel) as zf:
        text = zf.read(ep_name).decode("utf-8")
    parser = configparser.ConfigParser(delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keep names' case
    parser.read_string(text)
    assert parser.has_section("spacy_factories"), text
    factories = {k: v.strip() for k, v in parser.items("spacy_factories")}
    for name, target in EXPECTED_FACTORIES.items():
        assert factories.get(name) == target, f"spacy_factories entry {name!r}: {factories.get(name)!r}"
    assert parser.has_section("console_scripts") and parser.get("console_scripts", "saidwhat").strip() == (
        "saidwhat.cli:main"
    )


@pytest.mark.slow
def test_entry_point_targets_exist() -> None:
    for target in EXPECTED_FACTORIES.values():
        module, _, attr = target.partition(":")
        assert callable(getattr(importlib.import_module(module), attr)), target
