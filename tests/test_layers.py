"""The package's layers import only the layers below them (the data flows one way)."""

import ast
from pathlib import Path

from swapmodel.base import paths

ALLOWED = {
    "base": {"base"},
    "sources": {"base", "sources"},
    "allocator": {"base", "allocator"},
    "model": {"base", "sources", "model"},
    "kernel": {"base", "sources", "kernel"},
    "analysis": {"base", "sources", "model", "allocator", "kernel", "analysis"},
    "report": {"base", "sources", "model", "allocator", "kernel", "analysis", "report"},
}
PACKAGE = paths.ROOT / "swapmodel"


def _imports(path: Path) -> set[str]:
    """Second components of every swapmodel.<layer> module the file imports."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "swapmodel" and len(parts) > 1:
                found.add(parts[1])
    return found


def test_every_module_sits_in_a_layer():
    loose = {p.name for p in PACKAGE.glob("*.py")} - {"__init__.py", "cli.py", "__main__.py"}
    assert not loose, f"modules outside a layer: {sorted(loose)}"
    assert {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"} == set(ALLOWED)


def test_layers_import_only_layers_below():
    bad = []
    for layer, allowed in ALLOWED.items():
        for path in sorted((PACKAGE / layer).rglob("*.py")):
            imported = _imports(path) & (set(ALLOWED) | {"cli"})
            if imported - allowed:
                bad.append(f"{path.relative_to(paths.ROOT)} imports {sorted(imported - allowed)}")
    assert not bad, "\n".join(bad)


def test_the_checker_sees_a_forbidden_import(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("from swapmodel.sources.designs import get_design\nimport swapmodel.model.cost\n")
    assert _imports(probe) == {"sources", "model"}


def test_only_sources_reads_data_files():
    """A data file under data/ is read (parsed and checked) by a reader in sources/ only; the model,
    analysis and report layers take what sources/ returns."""
    readers = {"read_toml", "read_json", "tomllib", "load_toml"}
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        layer = path.relative_to(PACKAGE).parts[0]
        if layer in ("sources", "base") or path.name == "cli.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = ([a.name for a in node.names] if isinstance(node, (ast.Import, ast.ImportFrom)) else [])
            if any(n.split(".")[-1] in readers for n in names):
                offenders.append(str(path.relative_to(PACKAGE)))
    assert not offenders, f"read data files outside sources/: {offenders}"


def test_one_module_name_means_one_thing():
    """A module name names one thing: at most a layer's model of it and the analysis built on it
    (model/lookup.py and analysis/lookup.py), never three modules (as `fleet` once was: the fleet-mix
    reader, a host's zswap share, and the fleet analyses)."""
    seen: dict[str, list[str]] = {}
    for path in PACKAGE.glob("*/*.py"):
        if path.name != "__init__.py":
            seen.setdefault(path.stem, []).append(path.parent.name)
    shared = {name: layers for name, layers in seen.items() if len(layers) > 2}
    assert not shared, f"module names in several layers: {shared}"


def test_notebooks_import_model_sources_and_base_from_the_sub_package():
    """A notebook imports swapmodel.model, .sources and .base names from the sub-package (its
    __init__ exports them), not from a module deep inside."""
    deep = []
    for nb in sorted(paths.NOTEBOOKS.glob("*.py")):
        for node in ast.walk(ast.parse(nb.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                parts = node.module.split(".")
                if parts[0] == "swapmodel" and len(parts) > 2 and parts[1] in ("model", "sources", "base"):
                    deep.append(f"{nb.name}: from {node.module}")
    assert not deep, deep
