"""The package's layout: stage subpackages in data-flow order, no import cycles, small modules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "analysis"
# The stages in the order data flows through them; a stage may import the ones before it, never
# the ones after. config and tables are shared by all; cli sits on top.
STAGES = ["tables", "ingest", "text", "mentions", "stance", "framing", "compare", "config", "run", "report", "cli"]
MAX_LINES = 450


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every module of the package a file imports, at any depth of the file (functions too), except
    under ``if TYPE_CHECKING:`` (annotations only, never run)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(n) for n in ast.walk(node))
    found = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and node.module.startswith("analysis"):
            found.add(node.module)
            for alias in node.names:  # "from analysis.report import charts" imports a module
                if (PACKAGE.parent / (node.module.replace(".", "/") + f"/{alias.name}.py")).exists():
                    found.add(f"{node.module}.{alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{path}: relative import; the package uses absolute imports")
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("analysis"))
    return found


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
GRAPH = {name: {m for m in _imports(path) if m in MODULES and m != name} for name, path in MODULES.items()}


def _stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in STAGES else None


def test_no_import_cycles() -> None:
    """Tarjan's strongly connected components of the import graph are all single modules.
    (A package's __init__ re-exporting its own submodules is not a cycle of the flow.)"""
    graph = {
        m: {
            d
            for d in deps
            if not (m.endswith(d) is False and MODULES[m].name == "__init__.py" and d.startswith(m + "."))
        }
        for m, deps in GRAPH.items()
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    assert cycles == []


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _stage(m)))
def test_a_stage_imports_only_earlier_stages(module: str) -> None:
    here = STAGES.index(_stage(module))
    later = sorted(d for d in GRAPH[module] if _stage(d) and STAGES.index(_stage(d)) > here)
    assert later == [], f"{module} imports later stages"


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_over_the_size_limit(path: Path) -> None:
    n = len(path.read_text(encoding="utf-8").splitlines())
    assert n <= MAX_LINES, f"{path.relative_to(ROOT)}: {n} lines"


def test_every_subpackage_says_what_its_stage_does() -> None:
    for init in PACKAGE.glob("*/__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and len(doc) > 60, init


def test_the_layout_checks_would_catch_a_cycle(tmp_path: Path) -> None:
    """The import scan sees function-level imports (the old lsh <-> reuse cycle was one)."""
    f = tmp_path / "m.py"
    f.write_text(
        "def f():\n    from analysis.compare.reuse import x\n\n"
        "if TYPE_CHECKING:\n    from analysis.run.batch import y\n"
    )
    assert _imports(f) == {"analysis.compare.reuse"}
