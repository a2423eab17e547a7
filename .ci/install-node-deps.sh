#!/usr/bin/env bash
# Installs the node packages the interop tests drive (MeshCentral's WS-Man stack) into a cache folder
# outside the repository: $AMTSIM_NODE_CACHE, else ~/.cache/amtsim/node. Idempotent: an install of the
# pinned version is kept. About 25 s and 450 MB on first run.
set -euo pipefail
version=1.1.55
cache=${AMTSIM_NODE_CACHE:-${HOME}/.cache/amtsim/node}
marker="$cache/node_modules/meshcentral/package.json"
if [[ -f $marker ]] && grep -q "\"version\": \"$version\"" "$marker"; then
  echo "install-node-deps: ok (meshcentral@$version in $cache)"
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "install-node-deps: npm not found; run: sudo apt-get install nodejs npm" >&2
  exit 1
fi
mkdir -p "$cache"
npm install --no-audit --no-fund --prefix "$cache" "meshcentral@$version" >/dev/null
echo "install-node-deps: ok (meshcentral@$version in $cache)"
