"""No import cycle among the modules of the meetings and notifications apps, counting imports
made inside functions too (they are cycles at run time, only hidden from the loader), and no
`_private` name imported from another of their modules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPS = ("apps.meetings", "apps.notifications")


def _modules() -> dict[str, Path]:
    found = {}
    for app in APPS:
        for path in (ROOT / app.replace(".", "/")).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


def _imports(name: str, path: Path, known: set[str]) -> list[tuple[str, list[str]]]:
    """(imported module, names taken from it) for every import in the file, nested ones too."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            names = [alias.name for alias in node.names]
            submodules = [f"{base}.{n}" for n in names if f"{base}.{n}" in known]
            found += [(module, []) for module in submodules]
            found.append((base, [n for n in names if f"{base}.{n}" not in known]))
    return [(module, names) for module, names in found if module in known]


def test_meetings_and_notifications_have_no_import_cycle():
    modules = _modules()
    graph = {
        name: {module for module, _names in _imports(name, path, set(modules))} - {name}
        for name, path in modules.items()
    }
    cycles = []

    def visit(node: str, trail: list[str]) -> None:
        for target in sorted(graph[node]):
            if target in trail:
                cycles.append([*trail[trail.index(target) :], target])
            elif target not in done:
                visit(target, [*trail, target])
        done.add(node)

    done: set[str] = set()
    for start in sorted(graph):
        if start not in done:
            visit(start, [start])
    # A package's __init__ re-exporting its own modules is not a cycle of behaviour.
    cycles = [c for c in cycles if not all(m.startswith(c[0]) or c[0].startswith(m) for m in c)]
    assert cycles == []


@pytest.mark.parametrize("app", APPS)
def test_no_private_name_is_imported_from_another_module(app):
    modules = _modules()
    offenders = [
        f"{name} imports {module}.{taken}"
        for name, path in modules.items()
        if name.startswith(app)
        for module, names in _imports(name, path, set(modules))
        for taken in names
        if taken.startswith("_") and module != name
    ]
    assert offenders == []
