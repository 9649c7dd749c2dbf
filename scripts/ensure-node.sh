#!/usr/bin/env bash
# Prints the directory of a Node >= 22 binary, installing one from the npm registry package
# node-linux-<arch>@22 into .cache/node when the machine's own node is older. Nothing is fetched
# from anywhere but the npm registry. scripts/node22.sh is the one caller the npm scripts use.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -ge 22 ]; then
  dirname "$(command -v node)"
  exit 0
fi
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "ensure-node: no node-linux package for $(uname -m)" >&2; exit 1 ;;
esac
cache="$root/.cache/node"
if [ ! -x "$cache/package/bin/node" ]; then
  mkdir -p "$cache"
  work=$(mktemp -d "$cache/.install.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  echo "ensure-node: installing node-linux-$arch@22 from the npm registry into .cache/node" >&2
  tarball=$(cd "$work" && npm pack --silent "node-linux-$arch@22" | tail -n 1)
  tar -xzf "$work/$tarball" -C "$work"
  "$work/package/bin/node" --version >/dev/null
  # Moved into place whole, so a run killed half-way never leaves a broken binary behind.
  rm -rf "$cache/package"
  mv "$work/package" "$cache/package"
fi
echo "$cache/package/bin"
