"""Import rules import-linter does not cover, checked by scripts/test.sh:

1. no function-local import of a project module in the project's code (a local import hides
   a circle; queue a task by name instead). AppConfig.ready() is the one place Django wants
   registration imports;
2. no test module imports another test module: shared helpers live in conftest.py, in
   tests/factories.py or in another helper module that is not a test_*.py;
3. no import circle anywhere in the project, module by module (the layers contracts only see
   circles between layers and between siblings).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("config", "units", "indicators", "directives", "reports", "notifications")


def _imported(node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:  # relative imports stay inside their package
        return []
    base = node.module or ""
    return [base] + [f"{base}.{alias.name}" for alias in node.names]


def local_imports(path: Path) -> list[str]:
    problems = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if function.name == "ready" and path.name == "apps.py":
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = _imported(node)
                if any(name.split(".")[0] in PACKAGES for name in names):
                    problems.append(f"{path.relative_to(ROOT)}:{node.lineno}: local import")
    return problems


def test_module_imports(path: Path) -> list[str]:
    problems = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            for name in _imported(node):
                if name.startswith("tests.") and name.rsplit(".", 1)[-1].startswith("test_"):
                    problems.append(f"{path.relative_to(ROOT)}:{node.lineno}: imports {name}")
    return problems


def circles() -> list[str]:
    sys.path.insert(0, str(ROOT))
    graph = grimp.build_graph(*PACKAGES, exclude_type_checking_imports=True)
    imports = {m: graph.find_modules_directly_imported_by(m) for m in graph.modules}
    # Tarjan's strongly connected components: a component of two modules or more is a circle.
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[str] = []

    def visit(module: str) -> None:
        order[module] = low[module] = len(order)
        stack.append(module)
        for other in imports[module]:
            if other not in order:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], order[other])
        if low[module] == order[module]:
            component = []
            while (top := stack.pop()) != module:
                component.append(top)
            if component:
                found.append("import circle: " + " ".join(sorted([module, *component])))

    sys.setrecursionlimit(10_000)
    for module in sorted(imports):
        if module not in order:
            visit(module)
    return found


def main() -> int:
    problems: list[str] = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                problems += local_imports(path)
    for path in sorted((ROOT / "tests").rglob("*.py")):
        problems += test_module_imports(path)
    problems += circles()
    print(
        "\n".join(problems) or "imports: no local project import, no test imports a test, no circle"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
