"""Keras's floors (docs/architecture.md): no module of tinytf.keras imports one on a higher floor,
and no import loop exists. Every import counts, also one inside a function."""
import ast
import pathlib

import pytest

KERAS = pathlib.Path(__file__).resolve().parent.parent / "python" / "tinytf" / "keras"

# Bottom up. A module's floor is that of its first name below tinytf.keras; a package's
# __init__.py is the face of its folder and may import what its folder holds.
FLOORS = ["backend", "engine", "saving", "activations dtype_policies initializers regularizers", "layers", "utils",
          "losses metrics optimizers", "callbacks", "trainers", "models"]
FLOOR = {name: level for level, names in enumerate(FLOORS) for name in names.split()}
ABOVE_MODELS = len(FLOORS)  # datasets... and the next ones


def modules():
    """{dotted name: path} of every module of tinytf.keras (packages by their __init__.py)."""
    result = {}
    for path in KERAS.rglob("*.py"):
        parts = ("tinytf", "keras") + path.relative_to(KERAS).with_suffix("").parts
        result[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return result


def imports(name, path):
    """The tinytf.keras modules that `name` imports (relative imports resolved)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + [base]).rstrip(".")
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {n for n in found if n.startswith("tinytf.keras.")}


def resolve(name, known):
    while name not in known:
        name = name.rpartition(".")[0]
    return name


def floor(name):
    parts = name.split(".")
    return FLOOR.get(parts[2], ABOVE_MODELS) if len(parts) > 2 else ABOVE_MODELS + 1  # tinytf.keras: the face


# name -> the modules it imports. Python runs a package's __init__.py before any module inside
# it, so a module importing its own package (or a package above it) is no arrow.
GRAPH = {name: {target for target in (resolve(t, modules()) for t in imports(name, path))
                if target != name and not name.startswith(target + ".")}
         for name, path in modules().items()}


@pytest.mark.parametrize("name", sorted(GRAPH))
def test_no_module_imports_a_higher_floor(name):
    upward = [target for target in GRAPH[name] if floor(target) > floor(name)]
    assert not upward, f"{name} (floor {floor(name)}) imports {upward} from higher floors: see docs/architecture.md"


def test_no_import_loops():
    def reaches(start, goal, seen):
        for target in GRAPH[start]:
            if target == goal:
                return True
            if target not in seen:
                seen.add(target)
                if reaches(target, goal, seen):
                    return True
        return False

    loops = [name for name in sorted(GRAPH) if reaches(name, name, set())]
    assert not loops, f"modules on an import loop: {loops}"
