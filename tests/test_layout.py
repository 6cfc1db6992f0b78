"""The code's layout holds: the project package only wires the apps, the shared package imports no
app, and no module of code grows past the size a maintainer reads in one sitting."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = {"applications", "disclosures", "reports", "staff", "demo"}
# Modules of portal/ that may import an app: the wiring.
PORTAL_WIRING = {"urls.py", "sitemaps.py", "settings.py", "context_processors.py"}
MAX_LINES_OF_CODE = 500
# Data tables, not code: the demo's fixed records.
DATA_MODULES = {"demo/decisions.py"}


def imported_packages(path: Path) -> set[str]:
    """The top-level packages a module imports, at module level or inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def code_lines(path: Path) -> int:
    """Lines that are neither blank nor only a comment."""
    return sum(
        1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.strip().startswith("#")
    )


def modules(*folders: str):
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def test_the_shared_package_imports_no_app():
    offenders = {
        str(p.relative_to(ROOT)): sorted(imported_packages(p) & (APPS | {"portal"})) for p in modules("common")
    }
    assert {name: apps for name, apps in offenders.items() if apps} == {}


def test_the_project_package_imports_apps_only_where_it_wires_them():
    offenders = {p.name: sorted(imported_packages(p) & APPS) for p in modules("portal") if p.name not in PORTAL_WIRING}
    assert {name: apps for name, apps in offenders.items() if apps} == {}


def test_no_app_imports_the_project_package_but_its_settings():
    offenders = {}
    for path in modules(*APPS, "common"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "portal":
                offenders.setdefault(str(path.relative_to(ROOT)), []).append(node.module)
    assert offenders == {}


@pytest.mark.parametrize("folder", [*sorted(APPS), "common", "portal", "bench", "scripts"])
def test_no_module_of_code_is_over_the_limit(folder):
    too_long = {
        str(p.relative_to(ROOT)): code_lines(p)
        for p in modules(folder)
        if str(p.relative_to(ROOT)) not in DATA_MODULES and code_lines(p) > MAX_LINES_OF_CODE
    }
    assert too_long == {}
