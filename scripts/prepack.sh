#!/usr/bin/env bash
# npm's prepack (so also npm publish): what a user installs is built here, from a clean lib/, never a stale one.
# A fresh clone has no node_modules yet; installing them first makes `git clone … && npm pack` work as it reads.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ ! -x node_modules/.bin/tsc ] || [ ! -x node_modules/.bin/oclif ]; then
  echo "prepack: installing the build's dependencies first (npm ci)" >&2
  npm ci --no-audit --no-fund >&2
fi
# Output to stderr: npm pack's own stdout is the tarball's name, which scripts read.
bash scripts/node22.sh npm run --silent build:release >&2
