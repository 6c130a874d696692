"""The Dockerfile lints clean and installs the way the README's commands do."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT


def test_dockerfile_passes_hadolint():
    hadolint = Path(sys.executable).parent / "hadolint"

    result = subprocess.run([str(hadolint), "Dockerfile"], cwd=ROOT, capture_output=True, text=True, timeout=60)

    assert 0 == result.returncode, result.stdout + result.stderr


def test_dockerfile_and_makefile_share_the_install_script():
    dockerfile = (ROOT / "Dockerfile").read_text()
    makefile = (ROOT / "Makefile").read_text()

    assert "scripts/install.sh" in makefile
    assert re.search(r"RUN .*scripts/install\.sh /app/\.venv requirements\.txt", dockerfile)
    assert 'CMD ["gunicorn", "-c", "gunicorn.conf.py", "api:create_app()"]' in dockerfile
    assert "HEALTHCHECK" in dockerfile and "/healthz" in dockerfile


def test_readme_starts_with_the_two_commands():
    first_block = (ROOT / "README.md").read_text().split("```")[1]
    commands = [line.split("#")[0].strip() for line in first_block.splitlines()[1:] if line.strip()]

    assert ["make serve", "make test"] == commands
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_requirements_are_pinned():
    for name in ("requirements.txt", "requirements-dev.txt", "requirements-nodeps.txt"):
        for line in (ROOT / name).read_text().splitlines():
            line = line.split("#")[0].strip()
            if line and not line.startswith("-r"):
                assert re.fullmatch(r"[A-Za-z0-9_.\-]+==[0-9][^ ]*", line), f"{name}: {line} is not pinned"
