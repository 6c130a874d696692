"""The core never knows about HTTP, and importing it does no heavy work."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, SEED_FILE


def test_core_imports_no_web_framework_and_loads_no_model():
    forbidden = {"flask", "gunicorn", "api", "werkzeug", "torch", "transformers"}
    code = f"import sys, summarizer; print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in {forbidden})))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)

    assert 0 == result.returncode, result.stderr
    assert "" == result.stdout.strip()


@pytest.mark.parametrize(
    "run",
    [
        "from summarizer.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass",
        f"from summarizer.cli import main\nmain([{str(SEED_FILE)!r}, '--method', 'centrality'])",
        f"from summarizer.cli import main\nmain([{str(SEED_FILE)!r}, '--method', 'lexrank'])",
        "from api import create_app\nfrom api.app import warm_up\napp = create_app()\nwarm_up(app)\n"
        f"text = open({str(SEED_FILE)!r}).read()\n"
        "assert 200 == app.test_client().post('/v1/summarize', json={'text': text}).status_code",
    ],
    ids=["help", "cli-default", "cli-lexrank", "service-default"],
)
def test_extractive_paths_import_no_torch_nor_nltk(run):
    """The default path costs what the algorithm costs: no transformer (torch, transformers), no
    NLTK (1.1 s to import; sumy's own summarisers need it, our engines do not) and no lemminflect
    (48 MiB per worker; keywords read its readings from a word list)."""
    heavy = "{'torch', 'transformers', 'nltk', 'lemminflect'}"
    code = f"{run}\nimport sys\nprint('heavy:', sorted({{m.split('.')[0] for m in sys.modules}} & {heavy}))"

    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)

    assert 0 == result.returncode, result.stderr
    assert "heavy: []" == result.stdout.strip().splitlines()[-1]


def _module_imports(path: Path, package: str) -> set[str]:
    """Project modules that `path` imports when it is imported: top-level statements only (imports
    inside functions and under `if TYPE_CHECKING:` do not run then)."""
    module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
    base = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            parent = base.split(".")[: len(base.split(".")) - node.level + 1] if node.level else []
            target = ".".join([*parent, *([node.module] if node.module else [])])
            found.add(target)
            found |= {f"{target}.{alias.name}" for alias in node.names}
    return {name for name in found if name.split(".")[0] == package and name != module}


def test_no_import_cycles():
    modules = {
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): p
        for package in ("summarizer", "api")
        for p in (ROOT / package).rglob("*.py")
    }
    # Only explicit imports: importing a.b runs a's __init__ first, but that closes a cycle only when
    # b itself imports from a (`from . import x` in a submodule that a's __init__ imports), which is
    # an explicit edge.
    graph = {name: _module_imports(path, name.split(".")[0]) & set(modules) for name, path in modules.items()}

    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for target in sorted(graph[name]):
            if state.get(target) == 1:
                cycles.append(" -> ".join([*path[path.index(target) :], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])

    assert [] == cycles


def test_strict_type_check():
    mypy = Path(sys.executable).parent / "mypy"

    result = subprocess.run([str(mypy)], cwd=ROOT, capture_output=True, text=True, timeout=600)

    assert 0 == result.returncode, result.stdout[-3000:]
