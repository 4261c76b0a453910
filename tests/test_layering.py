"""Layers point down only, the CLI modules do not import one another, no import cycles, no
private names across packages, and every public module's __all__ is importable.

The layers, bottom up (a package may import only the ones listed for it, and itself):

* foundation - ``errors``, ``units``, ``timeseries``, ``_validation``, ``_results``,
  ``_deprecation``, the root
  ``neurolift`` package (its version);
* core - ``io`` (readers: files in, data out; nothing computed on top), ``signals``,
  ``motorunits``, ``training``;
* outer libraries - ``store``, ``batch``, ``plotting`` (on the core only);
* ``services`` - what the CLI and the web app call (on all of the above);
* edges - ``cli`` and ``web`` (on everything below them, never on each other).

Every import in a file counts, also one inside a function.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

import neurolift

SRC = Path(neurolift.__file__).parent
FOUNDATION = {"", "errors", "units", "timeseries", "_validation", "_results", "_deprecation"}
CORE = FOUNDATION | {"io", "signals", "motorunits", "training"}
OUTER = CORE | {"store", "batch", "plotting"}
ALLOWED: dict[str, set[str]] = {
    "": set(),
    "errors": set(),
    "_results": set(),
    "_deprecation": {"errors"},
    "_validation": {"errors"},
    "units": {"errors"},
    "timeseries": {"errors", "_validation"},
    "io": FOUNDATION,
    "signals": FOUNDATION,
    "motorunits": FOUNDATION | {"io", "signals"},
    "training": FOUNDATION | {"io", "signals", "motorunits"},
    "store": CORE,
    "batch": CORE,
    "plotting": CORE,
    "services": OUTER,
    "cli": OUTER | {"services"},
    "web": OUTER | {"services"},
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(SRC.rglob("*.py")) if "migrations" not in p.parts}


def _resolve(name: str) -> str:
    """The module an import names: the longest prefix that is one of ours."""
    while name not in MODULES and "." in name:
        name = name.rpartition(".")[0]
    return name


def _imports(path: Path) -> list[tuple[str, str | None]]:
    """(module, imported name or None) of every neurolift import in the file."""
    out: list[tuple[str, str | None]] = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            out += [(a.name, None) for a in node.names if a.name.split(".")[0] == "neurolift"]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] == "neurolift":
                out += [(node.module, a.name) for a in node.names]
    return out


def _deps(module: str) -> set[str]:
    deps = set()
    for mod, name in _imports(MODULES[module]):
        full = f"{mod}.{name}" if name else mod
        deps.add(_resolve(full if full in MODULES else mod))
    deps.discard(module)
    return deps


GRAPH = {m: _deps(m) for m in MODULES}


def _package(module: str) -> str:
    """The top-level part of neurolift a module belongs to ("" for the root package)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_every_package_has_a_layer() -> None:
    assert {_package(m) for m in MODULES} <= set(ALLOWED)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_down(module: str) -> None:
    pkg = _package(module)
    allowed = ALLOWED.get(pkg, set()) | {pkg}
    bad = sorted(d for d in GRAPH[module] if _package(d) not in allowed)
    assert not bad, f"{module} ({pkg or 'root'}) imports a higher or sideways layer: {bad}"


@pytest.mark.parametrize(
    "module",
    sorted(m for m in MODULES if m.startswith("neurolift.cli.") and m != "neurolift.cli.main"),
)
def test_cli_modules_do_not_import_each_other(module: str) -> None:
    # a command group imports only the shared helpers (cli._common, cli._output, ...); only
    # cli.main, which registers the groups, imports them
    others = sorted(
        d
        for d in GRAPH[module]
        if d.startswith("neurolift.cli.") and not d.split(".")[-1][0] == "_"
    )
    assert not others, f"{module} imports other command modules: {others}"


def test_no_import_cycles() -> None:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(GRAPH[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    for v in sorted(GRAPH):
        if v not in index:
            visit(v)
    assert not cycles, f"import cycles: {cycles}"


def test_the_cycle_check_finds_a_cycle() -> None:
    # the check above must be able to fail: a two-module loop added to a copy of the graph
    saved = {k: set(v) for k, v in GRAPH.items()}
    try:
        GRAPH["neurolift.errors"].add("neurolift.units")
        with pytest.raises(AssertionError, match="neurolift.errors"):
            test_no_import_cycles()
    finally:
        GRAPH.clear()
        GRAPH.update(saved)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_private_names_across_packages(module: str) -> None:
    # `from neurolift.x.y import _name` or `import neurolift.x._mod` only inside package x.y/x
    here = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    for mod, name in _imports(MODULES[module]):
        parts = mod.split(".") + ([name] if name else [])
        for i, part in enumerate(parts):
            if part.startswith("_") and not part.startswith("__"):
                owner = ".".join(parts[:i])
                assert here == owner or here.startswith(owner + "."), (
                    f"{module} imports the private {'.'.join(parts[: i + 1])} of {owner}"
                )


def test_all_names_exist() -> None:
    for mod in pkgutil.walk_packages(neurolift.__path__, "neurolift."):
        if ".migrations" in mod.name:
            continue
        module = importlib.import_module(mod.name)
        for name in getattr(module, "__all__", ()):
            assert hasattr(module, name), f"{mod.name}.__all__ names missing {name}"
