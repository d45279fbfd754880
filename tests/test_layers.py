"""The layers point one way: pages → state → services → models (HTTP routes → services).

Read from the imports of every module: a layer never imports one above it, and no page
imports another page (what two pages share is a component).
"""

import ast

import pytest

from xplorium.config import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "xplorium"
# Each layer, and the layers above it that it must not import.
ABOVE = {
    "models": ("xplorium.services", "xplorium.state", "xplorium.pages", "xplorium.components"),
    "services": ("xplorium.state", "xplorium.pages", "xplorium.components"),
    "state": ("xplorium.pages", "xplorium.components"),
    "components": ("xplorium.pages",),
}


def imports(path) -> list[str]:
    tree = ast.parse(path.read_text())
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found += [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        elif isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
    return found


@pytest.mark.parametrize("layer", sorted(ABOVE))
def test_a_layer_never_imports_one_above_it(layer):
    offenders = {
        str(path.relative_to(PROJECT_ROOT)): wrong
        for path in sorted((PACKAGE / layer).rglob("*.py"))
        if (wrong := sorted({name for name in imports(path) if name.startswith(ABOVE[layer])}))
    }
    assert offenders == {}


def test_no_page_imports_another_page():
    offenders = {
        str(path.relative_to(PROJECT_ROOT)): wrong
        for path in sorted((PACKAGE / "pages").rglob("*.py"))
        if path.name != "__init__.py"
        if (wrong := sorted({name for name in imports(path) if name.startswith("xplorium.pages")}))
    }
    assert offenders == {}
