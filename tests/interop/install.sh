#!/usr/bin/env bash
# Installs what tests/interop.rs drives: amazon-cognito-identity-js (npm, from package-lock.json)
# and boto3 + pycognito (PyPI, from requirements.txt); and for the Hosted UI tests
# playwright-core (npm) with Debian's chromium, and authlib (PyPI). Idempotent; safe to run on every
# CI run.
# Debian's nodejs/npm and python3-pip are installed only where node, npm or pip is missing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

apt_packages=()
command -v node >/dev/null 2>&1 || apt_packages+=(nodejs)
command -v npm >/dev/null 2>&1 || apt_packages+=(npm)
command -v python3 >/dev/null 2>&1 || apt_packages+=(python3)
python3 -m pip --version >/dev/null 2>&1 || apt_packages+=(python3-pip)
# The Hosted UI's real-browser test drives Debian's chromium with playwright-core.
[ -x /usr/bin/chromium ] || apt_packages+=(chromium)
if ((${#apt_packages[@]})); then
    echo "interop: installing Debian packages: ${apt_packages[*]}"
    sudo_cmd=()
    if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${apt_packages[@]}"
fi

echo "interop: npm ci in tests/interop/node"
(cd "$here/node" && npm ci --no-audit --no-fund --loglevel=error)

echo "interop: pip install -r tests/interop/python/requirements.txt"
# PIP_BREAK_SYSTEM_PACKAGES lets Debian's own python3 (PEP 668) take the pinned packages; pips
# that predate it ignore it.
PIP_BREAK_SYSTEM_PACKAGES=1 python3 -m pip install --quiet --disable-pip-version-check \
    --root-user-action=ignore -r "$here/python/requirements.txt"

node -e "require('$here/node/node_modules/amazon-cognito-identity-js'); require('$here/node/node_modules/playwright-core')"
python3 -c "import boto3, pycognito, authlib; print('interop: boto3', boto3.__version__)"
echo "interop: ready"
