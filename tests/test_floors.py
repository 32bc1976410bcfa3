"""The C++ floors of DESIGN.md / docs/architecture.md, checked on the sources.

Bottom up: core < kernels = cuda < ops < autodiff < src (bindings). Each floor
includes only the floors below it, with two doors kept deliberately narrow:

* the core may include cuda/runtime.h, the device runtime (GPU count, memory,
  copies), which itself includes nothing of tinytf: never a kernel header;
* the ops may include autodiff/recording.h, the recording interface, which
  includes the core only: never the reverse pass (autodiff/tape.h) or the
  Variable, which are above the ops because they compute with ops.

And the bindings (src/) never call up into Python: no module imports, no
evaluated code. What Python must give them (the error classes, the operand
converter) it hands over when it is imported.
"""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
SOURCE_SUFFIXES = {".h", ".cpp", ".cu", ".cuh", ".inc"}
RUNTIME = "cuda/runtime.h"
RECORDING = "cpp/tinytf/autodiff/recording.h"


def _sources():
    files = []
    for top in ("cpp", "cuda", "src"):
        files += [p.relative_to(ROOT).as_posix() for p in (ROOT / top).rglob("*") if p.suffix in SOURCE_SUFFIXES]
    return sorted(files)


SOURCES = _sources()


def _resolve(src, name):
    """The file an #include "name" in `src` reaches, searched as the build does (own folder, cpp/, cuda/)."""
    for candidate in (Path(src).parent / name, Path("cpp") / name, Path("cuda") / name):
        path = candidate.as_posix()
        if path in SOURCES:
            return path
    return None


def _includes(src):
    return [(name, _resolve(src, name)) for name in INCLUDE.findall((ROOT / src).read_text())]


def _floor(path):
    """core, kernels, ops, autodiff (under cpp/tinytf/), cuda or src."""
    parts = path.split("/")
    return parts[2] if parts[0] == "cpp" else parts[0]


def _closure(path):
    seen, todo = set(), [path]
    while todo:
        for _, target in _includes(todo.pop()):
            if target and target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def test_every_quoted_include_resolves_to_a_source_file():
    # An include the check cannot resolve would be an arrow it cannot see.
    missing = [f"{src}: #include \"{name}\"" for src in SOURCES for name, target in _includes(src) if target is None]
    assert not missing, "unresolved includes:\n" + "\n".join(missing)


def test_core_and_kernels_include_no_higher_floor():
    allowed = {"core": {"core"}, "kernels": {"core", "kernels"}}
    wrong = []
    for src in SOURCES:
        floor = _floor(src)
        if floor not in allowed:
            continue
        for _, target in _includes(src):
            if target is None or _floor(target) in allowed[floor]:
                continue
            if floor == "core" and target == RUNTIME:
                continue  # the device runtime: GPU memory and copies, no kernels
            wrong.append(f"{src} ({floor}) includes {target} ({_floor(target)})")
    assert not wrong, "a lower floor reaches up:\n" + "\n".join(wrong)


def test_the_device_runtime_includes_nothing_of_tinytf():
    assert _includes(RUNTIME) == [], f"{RUNTIME} must stay a plain C++ header: the core includes it"


def test_cuda_includes_only_kernels_and_core():
    wrong = [f"{src} includes {target}" for src in SOURCES if _floor(src) == "cuda"
             for _, target in _includes(src) if target and _floor(target) not in ("core", "kernels", "cuda")]
    assert not wrong, "\n".join(wrong)


def test_ops_reach_autodiff_only_through_the_recording_interface():
    assert all(_floor(t) == "core" for t in _closure(RECORDING)), f"{RECORDING} must include the core only"
    wrong = []
    for src in SOURCES:
        if _floor(src) != "ops":
            continue
        for target in _closure(src):
            if _floor(target) in ("autodiff", "src") and target != RECORDING:
                wrong.append(f"{src} reaches {target}")
    assert not wrong, "ops reach above their floor (the reverse pass is autodiff/tape.h, above the ops):\n" + \
        "\n".join(wrong)


def test_only_gradient_h_talks_to_autodiff_among_the_ops():
    # Op files record through ops/gradient.h (record_unary, record_binary, record_op).
    wrong = [src for src in SOURCES if _floor(src) == "ops" and not src.endswith("ops/gradient.h")
             and "autodiff::" in (ROOT / src).read_text()]
    assert not wrong, "these op files name autodiff:: directly: " + ", ".join(wrong)


def test_autodiff_is_below_the_bindings():
    wrong = [f"{src} includes {target}" for src in SOURCES if _floor(src) in ("core", "kernels", "cuda", "ops",
                                                                             "autodiff")
             for _, target in _includes(src) if target and _floor(target) == "src"]
    assert not wrong, "\n".join(wrong)


PYTHON_CALLS = re.compile(r"module_?::import|PyImport_|py::eval|py::exec|PyRun_|attr\(\"__import__\"\)")


def test_bindings_never_call_up_into_python():
    wrong = []
    for src in SOURCES:
        if _floor(src) != "src":
            continue
        for lineno, line in enumerate((ROOT / src).read_text().splitlines(), start=1):
            if PYTHON_CALLS.search(line):
                wrong.append(f"{src}:{lineno}: {line.strip()}")
    assert not wrong, "the bindings import or run Python (let Python hand over what they need):\n" + "\n".join(wrong)
