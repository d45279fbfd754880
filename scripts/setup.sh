#!/usr/bin/env bash
# Shared by ./run and ./test: a virtualenv with the requirements, and bun from npm
# (Reflex cannot download bun on these machines, so REFLEX_USE_SYSTEM_BUN points it at ours).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

REQUIREMENTS="${1:-requirements.txt}"
BUN_VERSION=1.4.4
# The accessibility checker the browser tests inject into the real pages (tests/support/axe.py).
AXE_VERSION=4.11.0

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
stamp=".venv/.installed-$(cat requirements*.txt | sha256sum | cut -c1-16)-$(basename "$REQUIREMENTS")"
if [ ! -f "$stamp" ]; then
  .venv/bin/pip install --quiet --upgrade pip
  .venv/bin/pip install --quiet -r "$REQUIREMENTS"
  touch "$stamp"
fi

if [ ! -x .tools/node_modules/.bin/bun ] || [ "$(.tools/node_modules/.bin/bun --version)" != "$BUN_VERSION" ]; then
  mkdir -p .tools
  npm install --silent --no-audit --no-fund --prefix .tools "bun@$BUN_VERSION"
fi
if [ "$REQUIREMENTS" = "requirements-dev.txt" ] \
  && [ "$(node -p "require('./.tools/node_modules/axe-core/package.json').version" 2>/dev/null)" != "$AXE_VERSION" ]; then
  npm install --silent --no-audit --no-fund --prefix .tools "axe-core@$AXE_VERSION"
fi

export PATH="$ROOT/.tools/node_modules/.bin:$ROOT/.venv/bin:$PATH"
export REFLEX_USE_SYSTEM_BUN=1
