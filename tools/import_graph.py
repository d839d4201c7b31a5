"""Print the import graph between the layers (cli, etl, db, dashboard) and the shared modules (vocab,
paths), read from the source with ast, nothing imported:

    python tools/import_graph.py            # layer → layer, with the number of modules importing
    python tools/import_graph.py --modules  # module → module inside the project

Data should flow one way: etl → db → (nothing of ours but vocab, paths); dashboard → db, vocab, paths;
cli on top of them all, imported by none.
"""
from __future__ import annotations

import ast
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("cli", "etl", "db", "dashboard", "vocab", "paths")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """The absolute module names a file imports, relative imports resolved against its package;
    for `from m import x`, both m and m.x (x may be a module or a name in m)."""
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package[:len(package) - node.level + 1]) if node.level else ""
            module = ".".join(p for p in (base, node.module or "") if p)
            out.add(module)
            out |= {f"{module}.{alias.name}" for alias in node.names}
    return out


def ours(names: set[str]) -> set[str]:
    """The imported modules of this project (a from-import's names dropped: they may not be modules)."""
    return {m for m in names if m.split(".")[0] in LAYERS}


def sources() -> list[Path]:
    files = [ROOT / "vocab.py", ROOT / "paths.py"]
    return files + sorted(p for layer in ("cli", "etl", "db", "dashboard") for p in (ROOT / layer).rglob("*.py"))


def main(argv: list[str]) -> None:
    edges = Counter()
    modules = {module_name(p) for p in sources()} | {"cli", "dashboard", "db", "etl"}
    for path in sources():
        source = module_name(path)
        for target in ours(imports(path)) & modules:
            if "--modules" in argv:
                edges[(source, target)] += 1
            elif source.split(".")[0] != target.split(".")[0]:
                edges[(source.split(".")[0], target.split(".")[0])] += 1
    for (source, target), n in sorted(edges.items()):
        print(f"{source} -> {target}" + ("" if "--modules" in argv else f"  ({n} imports)"))


if __name__ == "__main__":
    main(sys.argv[1:])
