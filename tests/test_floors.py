"""The package's floors: each subpackage imports only from the floors below it (ARCHITECTURE: the
house), so that a change to the site never reaches into the model's loading, and the MkDocs adapter
is the only room that knows MkDocs (adapters/ holds it and a second presentation, adapters/markdown/)."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "macros"
# Bottom to top. A floor may import its own modules and those of any floor below it.
# The command line is the top floor: it only dispatches, to the importer and to the presentations
# (adapters/markdown/ for `generate`).
FLOORS = ["build", "model", "site", "importer", "adapters", "cli"]


def _imports(path: Path) -> list[tuple[int, list[str]]]:
    """(line, the imported module's path under macros) of every import of the package in a file."""
    here = list(path.relative_to(PACKAGE).with_suffix("").parts)
    package = here[:-1] if here[-1] != "__init__" else here[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                target = base + (node.module.split(".") if node.module else [])
                names = [target + [a.name] for a in node.names] if not node.module else [target]
            elif node.module and node.module.split(".")[0] == "macros":
                names = [node.module.split(".")[1:]]
            else:
                continue
            found += [(node.lineno, n) for n in names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name.split(".")[1:]) for a in node.names
                      if a.name.split(".")[0] == "macros"]
    return found


def _floor(parts: list[str]) -> int | None:
    return FLOORS.index(parts[0]) if parts and parts[0] in FLOORS else None


def test_every_module_lives_on_a_floor():
    loose = sorted(p.name for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py", "__main__.py"))
    assert loose == [], f"modules outside the floors: {loose}"
    assert sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__") == sorted(FLOORS)


def test_floors_import_only_downward():
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        own = _floor(list(path.relative_to(PACKAGE).parts))
        if own is None:  # the package's entry points (define_env, __main__) stand above every floor
            continue
        for line, target in _imports(path):
            floor = _floor(target)
            if floor is None or floor > own:
                upward.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports macros.{'.'.join(target)}")
    assert upward == []


def test_only_the_adapter_knows_mkdocs():
    knowing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.relative_to(PACKAGE).parts[0] == "adapters":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            mods = ([a.name for a in node.names] if isinstance(node, ast.Import)
                    else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            knowing += [f"{path.relative_to(PACKAGE.parent)}:{node.lineno}" for m in mods
                        if m.split(".")[0] in ("mkdocs", "material")]
    assert knowing == []


ADAPTER = PACKAGE / "adapters" / "mkdocs"


def test_the_mkdocs_adapter_uses_only_public_names():
    """MkDocs 1.x is no longer developed: whatever replaces it should need a new adapter, not a
    new core. A private name of MkDocs or the theme (`_build_page`, `config._current_nav`, an
    override of `Page._set_canonical_url`) would tie the adapter to one release's internals."""
    private = []
    for path in sorted(ADAPTER.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        methods = {id(f) for c in ast.walk(tree) if isinstance(c, ast.ClassDef) for f in c.body if isinstance(f, ast.FunctionDef)}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in ("mkdocs", "material"):
                names = [a.name for a in node.names]  # imported from MkDocs or the theme
            elif isinstance(node, ast.Attribute):
                names = [node.attr]  # an attribute of anything
            elif isinstance(node, ast.FunctionDef) and id(node) in methods:
                names = [node.name]  # a method overridden
            else:
                continue
            private += [f"{path.name}:{node.lineno} {n}" for n in names if n.startswith("_") and not n.startswith("__")]
    assert private == []


def test_the_mkdocs_adapter_is_thin():
    """hooks.py translates the core's site into MkDocs' terms and nothing else (ARCHITECTURE.md)."""
    lines = len((ADAPTER / "hooks.py").read_text(encoding="utf-8").splitlines())
    assert lines <= 300, f"hooks.py has {lines} lines: what does not need MkDocs belongs in macros/site/"


def test_the_importer_has_no_import_cycles():
    """Inside the importer too, imports go one way (readers and the recogniser's parts below the
    driver), so each part can be read, and changed, without the ones above it."""
    root = PACKAGE / "importer"

    def module(parts: list[str]):
        path = PACKAGE.joinpath(*parts)
        for candidate in (path.with_suffix(".py"), path / "__init__.py"):
            if candidate.is_file():
                return candidate
        return None

    graph = {path: {t for _, parts in _imports(path) if parts[:1] == ["importer"]
                    for t in [module(parts)] if t is not None and t != path}
             for path in root.rglob("*.py")}
    done: set = set()

    def walk(path, trail: list):
        if path in trail:
            raise AssertionError("import cycle: " + " → ".join(str(p.relative_to(PACKAGE)) for p in trail[trail.index(path):] + [path]))
        if path in done:
            return
        for target in sorted(graph.get(path, ())):
            walk(target, trail + [path])
        done.add(path)

    for path in sorted(graph):
        walk(path, [])
