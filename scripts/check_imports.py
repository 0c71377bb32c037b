"""Import rules import-linter does not cover, checked by scripts/test.sh:

1. no function-local import of a project module in the project's code (a local import hides
   a circle; queue a task by name instead). AppConfig.ready() is the one place Django wants
   registration imports;
2. no test module imports another test module: shared helpers live in conftest.py, in
   tests/factories.py or in another helper module that is not a test_*.py.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

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


def main() -> int:
    problems: list[str] = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                problems += local_imports(path)
    for path in sorted((ROOT / "tests").rglob("*.py")):
        problems += test_module_imports(path)
    print(
        "\n".join(problems) or "imports: no function-local project import, no test imports a test"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
