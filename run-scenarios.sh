#!/usr/bin/env bash
# The main job: build amtsim in Release and run every scenario under scenarios/ on the embedded
# network and the virtual clock. Artifacts: out/junit.xml, out/report.html, out/runs/<scenario>/amtopmgr.log.
# Extra arguments go to `amtsim run` (e.g. --seed 7, --filter 'expired-*').
# Two of these can run at once: the second waits for the first's build, writes its artifacts to
# out/concurrent-<pid>/ (it says so), and amtsim gives each run a free address partition.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p out
out=out
if command -v flock >/dev/null 2>&1; then
  # Held (fd 9, inherited by amtsim through exec) until this run ends.
  exec 9>out/.run.lock
  if ! flock -n 9; then
    out="out/concurrent-$$"
    mkdir -p "$out"
    echo "run-scenarios: another run is using out/; this one writes to $out/"
  fi
  flock out/.build.lock dotnet build src/AmtSim.Cli/AmtSim.Cli.csproj -c Release -v quiet -nologo
else
  dotnet build src/AmtSim.Cli/AmtSim.Cli.csproj -c Release -v quiet -nologo
fi
exec dotnet src/AmtSim.Cli/bin/Release/net10.0/amtsim.dll run scenarios \
  --junit "$out/junit.xml" --report "$out/report.html" --work-dir "$out/runs" "$@"
