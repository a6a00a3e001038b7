"""The layers import downwards only: the store (persistence) knows nothing of
the command line, the demo or the office; the demo's set-up lives beside the
commands (``doingoai.demo``), not in the store."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "doingoai"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize(
    ("layer", "above"),
    [
        ("store", ("doingoai.cli", "doingoai.demo", "doingoai.office", "doingoai.portal")),
        ("extract", ("doingoai.cli", "doingoai.demo", "doingoai.store", "django")),
        ("demo", ("doingoai.cli",)),
    ],
)
def test_a_layer_imports_nothing_above_it(layer: str, above: tuple[str, ...]) -> None:
    wrong = {
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in sorted((PACKAGE / layer).rglob("*.py"))
        for name in _imports(path)
        if name.startswith(above)
    }
    assert wrong == set()


def test_the_demo_set_up_is_not_in_the_store() -> None:
    assert not (PACKAGE / "store" / "demo.py").exists()
    assert (PACKAGE / "demo" / "__init__.py").exists()
