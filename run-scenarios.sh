#!/usr/bin/env bash
# The main job: build amtsim in Release and run every scenario under scenarios/ on the embedded
# network and the virtual clock. Artifacts: out/junit.xml, out/report.html, out/runs/<scenario>/amtopmgr.log.
# Extra arguments go to `amtsim run` (e.g. --seed 7, --filter 'expired-*').
set -euo pipefail
cd "$(dirname "$0")"
dotnet build src/AmtSim.Cli/AmtSim.Cli.csproj -c Release -v quiet -nologo
mkdir -p out
exec dotnet src/AmtSim.Cli/bin/Release/net10.0/amtsim.dll run scenarios \
  --junit out/junit.xml --report out/report.html --work-dir out/runs "$@"
