"""Core packages never import store, web or cli; every public module's __all__ is importable."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

import neurolift

SRC = Path(neurolift.__file__).parent
CORE = (
    "io",
    "signals",
    "motorunits",
    "training",
    "errors.py",
    "units.py",
    "timeseries.py",
    "_validation.py",
    "_results.py",
)
FORBIDDEN = (
    "neurolift.store",
    "neurolift.services",
    "neurolift.web",
    "neurolift.cli",
    "neurolift.batch",
)


def _core_files():
    for entry in CORE:
        p = SRC / entry
        yield from ([p] if p.is_file() else sorted(p.rglob("*.py")))


@pytest.mark.parametrize("path", list(_core_files()), ids=lambda p: str(p.relative_to(SRC)))
def test_core_does_not_import_outer_layers(path: Path) -> None:
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for name in names:
            assert not name.startswith(FORBIDDEN), f"{path.name} imports {name}"


def test_all_names_exist() -> None:
    for mod in pkgutil.walk_packages(neurolift.__path__, "neurolift."):
        if ".migrations" in mod.name:
            continue
        module = importlib.import_module(mod.name)
        for name in getattr(module, "__all__", ()):
            assert hasattr(module, name), f"{mod.name}.__all__ names missing {name}"
