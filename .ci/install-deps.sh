#!/usr/bin/env bash
# Installs the external programs the tests drive (Debian packages). Idempotent; needs root for apt.
set -euo pipefail
# clang links the native amtsim tool (./pack.sh, the install test).
packages=(openssl gnutls-bin curl dnsmasq iproute2 wsl chromium nodejs clang)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
# NodeSource's nodejs package carries npm; Debian's does not.
command -v npm >/dev/null 2>&1 || missing+=(npm)
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "install-deps: missing ${missing[*]} and not root; run: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# dnsmasq's package starts a system service on install; the tests run their own instances.
if command -v systemctl >/dev/null 2>&1; then systemctl stop dnsmasq >/dev/null 2>&1 || true; fi
# Only the package's own daemon (its pid file), never the tests' instances.
if [[ -f /run/dnsmasq/dnsmasq.pid ]]; then kill "$(cat /run/dnsmasq/dnsmasq.pid)" >/dev/null 2>&1 || true; fi
echo "install-deps: ok (${packages[*]})"
# MeshCentral's WS-Man stack for the interop tests (node packages, into a cache folder).
bash "$(dirname "$0")/install-node-deps.sh"
