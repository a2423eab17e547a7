#!/usr/bin/env bash
# Packs the amtsim tool into a folder for `dotnet tool install --add-source FOLDER amtsim`:
#   amtsim            names the two below (dotnet tool install picks one for the platform);
#   amtsim.any        framework-dependent, for every platform with the .NET 10 runtime;
#   amtsim.linux-x64  native (ahead-of-time compiled), packed on linux-x64 only; it needs clang
#                     (Debian/Ubuntu: apt-get install clang) and takes a few minutes.
# Usage: ./pack.sh [FOLDER]   (default ./nupkg)
set -euo pipefail
cd "$(dirname "$0")"
out=${1:-./nupkg}
project=src/AmtSim.Cli/AmtSim.Cli.csproj
mkdir -p "$out"
dotnet pack "$project" -c Release -v quiet -nologo -o "$out"
dotnet pack "$project" -c Release -v quiet -nologo -r any -o "$out"
if [[ $(uname -s) == Linux && $(uname -m) == x86_64 ]]; then
  if ! command -v clang >/dev/null 2>&1; then
    echo "pack: the native linux-x64 tool needs clang (apt-get install clang); without it, dotnet tool install fails on linux-x64" >&2
    exit 1
  fi
  dotnet pack "$project" -c Release -v quiet -nologo -r linux-x64 -o "$out"
fi
echo "pack: amtsim packed into $out ($(cd "$out" && ls amtsim*.nupkg | tr '\n' ' '))"
