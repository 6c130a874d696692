"""The core never knows about HTTP, and importing it does no heavy work."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT


def test_core_imports_no_web_framework_and_loads_no_model():
    forbidden = {"flask", "gunicorn", "api", "werkzeug", "torch", "transformers"}
    code = f"import sys, summarizer; print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in {forbidden})))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)

    assert 0 == result.returncode, result.stderr
    assert "" == result.stdout.strip()
