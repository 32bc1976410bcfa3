"""The documentation names files that exist: every tinytf path in docs/ and README.md, and every
`path:line` (or `path#Lline`) link, points at a real file and a real line. A newcomer following the
walkthrough must find each line it names."""
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted((ROOT / "docs").rglob("*.md")) + [ROOT / "README.md"]

# A file name with a folder, as docs write it: in backticks, or as a Markdown link target.
SUFFIXES = "py|cpp|h|cu|cuh|inc|md|toml|txt|sh|json|cfg"
PATH = re.compile(rf"(?P<path>[\w.-]+(?:/[\w.-]+)*\.(?:{SUFFIXES}))(?:(?::|#L)(?P<line>\d+)(?:-L?(?P<end>\d+))?)?$")
BACKTICKED = re.compile(r"`([^`\s]+)`")
LINK = re.compile(r"\]\(([^)\s]+)\)")

# Pages name tinytf files from the repository root, or from the folder a section is about
# (`ops/elementwise.cpp`, `keras/layers/core.py`), or relative to the page itself.
BASES = ["", "cpp/tinytf", "cpp", "python/tinytf", "python/tinytf/keras", "python"]
# Other projects' files (the reading map's right-hand column, the style models): not ours to check.
FOREIGN = ("keras/src/", "tensorflow/", "tf_keras/", "torch/", "micrograd/", "tinygrad/", "minitorch/", "needle/",
           "dev/cuda/", "autograd/", "python/needle/", "test/", "keras-team/", "site-packages/")


def _mentions(page):
    """(path, line, end, line number in the page) for every file the page names."""
    for number, text in enumerate(page.read_text().splitlines(), 1):
        for token in BACKTICKED.findall(text) + LINK.findall(text):
            if token.startswith(("http:", "https:", "#", "mailto:")):
                continue
            match = PATH.match(token)
            if match and "/" in match.group("path"):
                yield match.group("path"), match.group("line"), match.group("end"), number


def _resolve(page, path):
    for base in [page.parent.relative_to(ROOT).as_posix()] + BASES:
        candidate = (ROOT / base / path).resolve()
        if candidate.is_file() and ROOT in candidate.parents:
            return candidate
    return None


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_named_file_and_line_exists(page):
    missing = []
    for path, line, end, number in _mentions(page):
        target = _resolve(page, path)
        if target is None:
            if not path.startswith(FOREIGN):
                missing.append(f"{page.name}:{number}: {path} does not exist")
            continue
        count = len(target.read_text().splitlines())
        for wanted in (line, end):
            if wanted and not 1 <= int(wanted) <= count:
                missing.append(f"{page.name}:{number}: {path} has {count} lines, not {wanted}")
    assert not missing, "\n".join(missing)


def test_the_checker_sees_links_and_backticks(tmp_path):
    page = ROOT / "docs" / "walkthrough.md"
    mentions = list(_mentions(page))
    assert any(line for _, line, _, _ in mentions), "the walkthrough links to lines"
    assert _resolve(page, "ops/elementwise.cpp") == ROOT / "cpp/tinytf/ops/elementwise.cpp"
    assert _resolve(page, "cpp/tinytf/ops/not_there.cpp") is None
    assert PATH.match("cpp/tinytf/autodiff/tape.cpp#L58").group("line") == "58"
    assert PATH.match("python/tinytf/backprop.py:10-20").group("end") == "20"
