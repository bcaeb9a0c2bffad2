"""The house rules as a test: data flows ingest → nlp → store → serve / brief / export, and no
module imports a higher layer or takes part in an import circle.

Imports are read from the source (every `import` / `from ... import`, at any depth, so a lazy
import inside a function counts too), never by importing the modules."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "src" / "khronika"

# Each top-level part of the package and its layer: a module may import its own layer or lower.
LAYERS: dict[str, int] = {
    "contract": 0, "schema": 0, "samples": 0, "warday": 0, "__init__": 0,
    "ingest": 1, "kb": 1, "gold": 1,
    "nlp": 2,
    "eval": 3, "store": 3, "engine": 3,
    "export": 4, "brief": 4, "report": 4,
    "serve": 5,
    "commands": 6, "cli": 6,
}


def _module_name(path: Path) -> str:
    rel = path.relative_to(PKG.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Absolute khronika module names imported by the file at `path`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = _module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.split(".")[0] == "khronika")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            if mod.split(".")[0] != "khronika":
                continue
            out.add(mod)
            # "from khronika.nlp import geocode" imports the module khronika.nlp.geocode
            out.update(f"{mod}.{a.name}" for a in node.names if _is_module(f"{mod}.{a.name}"))
    return out


def _is_module(name: str) -> bool:
    p = PKG.parent.joinpath(*name.split("."))
    return p.with_suffix(".py").exists() or (p / "__init__.py").exists()


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in PKG.rglob("*.py"):
        graph[_module_name(path)] = {m for m in _imports(path) if _is_module(m)}
    return graph


def test_every_part_of_the_package_has_a_layer():
    parts = {_part(m) for m in _graph()}
    assert parts <= set(LAYERS), f"give these a layer in LAYERS: {sorted(parts - set(LAYERS))}"


def test_no_module_imports_a_higher_layer():
    upward = sorted(f"{mod} -> {dep}" for mod, deps in _graph().items() for dep in deps
                    if LAYERS.get(_part(dep), 0) > LAYERS.get(_part(mod), 0))
    assert not upward, "a lower layer imports a higher one:\n  " + "\n  ".join(upward)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
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
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def _without_package_inits(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """A package's __init__ re-exporting its own modules is not a circle of jobs: drop the edges
    from a package to the modules inside it."""
    return {m: {d for d in deps if not d.startswith(m + ".")} for m, deps in graph.items()}


def test_no_import_circles():
    cycles = _cycles(_without_package_inits(_graph()))
    assert not cycles, "modules that import each other:\n  " + "\n  ".join(" <-> ".join(c) for c in cycles)


@pytest.mark.parametrize("module", ["khronika.nlp.analyze", "khronika.store.store"])
def test_the_reader_sees_real_imports(module):
    # guard against a reader that silently finds nothing
    assert _graph()[module]
