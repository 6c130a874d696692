"""The core never knows about HTTP, and importing it does no heavy work."""

from __future__ import annotations

import subprocess
import sys

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
    """The default path costs what the algorithm costs: no transformer (torch, transformers) and no
    NLTK (1.1 s to import; sumy's own summarisers need it, our engines do not)."""
    heavy = "{'torch', 'transformers', 'nltk'}"
    code = f"{run}\nimport sys\nprint('heavy:', sorted({{m.split('.')[0] for m in sys.modules}} & {heavy}))"

    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)

    assert 0 == result.returncode, result.stderr
    assert "heavy: []" == result.stdout.strip().splitlines()[-1]
