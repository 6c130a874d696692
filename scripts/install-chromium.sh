#!/usr/bin/env bash
# Debian's chromium for the browser tests (tests/test_page.py, `make test`): Playwright drives the system's
# browser, since its own browser download is not reachable from every machine. Nothing to do when one is there;
# otherwise apt-get installs it, which needs root.
set -euo pipefail
command -v chromium >/dev/null && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "install-chromium.sh: chromium is missing; install Debian's chromium package (as root: apt-get install chromium)" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# Another apt-get may hold the lock for a while (a machine's own updates): wait for it rather than fail.
apt-get -o DPkg::Lock::Timeout=600 update -qq
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends chromium
