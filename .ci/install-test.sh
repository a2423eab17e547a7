#!/usr/bin/env bash
# The tool as a user gets it: pack amtsim (./pack.sh: on linux-x64 the native build), install it
# into a throw-away tool path from the packed folder, and run the shipped scenarios from a folder
# outside the checkout with no AMTSIM_* variable set. On linux-x64 it also checks that the
# installed tool is the native one and that it generates the same fleet and the same log as the
# JIT build for the same seed. Fails (non-zero) when any step does. Used by .ci/run; runnable by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
work=$(mktemp -d /tmp/amtsim-install-test.XXXXXX)
trap 'rm -rf "$work"' EXIT

./pack.sh "$work/nupkg"
# A private package folder: an amtsim of the same version cached by an earlier install must not
# stand in for the one just packed.
NUGET_PACKAGES="$work/packages" dotnet tool install --tool-path "$work/tools" --add-source "$work/nupkg" amtsim

native=false
if [[ $(uname -s) == Linux && $(uname -m) == x86_64 ]]; then native=true; fi
if $native && ! "$work/tools/amtsim" version | grep -q '(native linux-x64)'; then
  echo "install-test: on linux-x64 the installed amtsim should be the native build; it says: $("$work/tools/amtsim" version)" >&2
  exit 1
fi

# Outside the checkout, no AMTSIM_* variables: fixtures and examples come from the package.
cd "$work"
for v in $(env | grep -o '^AMTSIM_[A-Z0-9_]*' || true); do unset "$v"; done
"$work/tools/amtsim" version
"$work/tools/amtsim" examples --out "$work/demo"
# Every shipped scenario on the embedded defaults (the interop ones, which need MeshCentral or RPS,
# run in the main job and the interop tests).
"$work/tools/amtsim" run "$work/demo/scenarios"/*.yaml --junit "$work/junit.xml" --report "$work/report.html" --work-dir "$work/runs"
grep -q 'testcase classname="amtsim.core" name="happy-path"' "$work/junit.xml"
grep -q 'testcase classname="amtsim.core" name="customer-chain"' "$work/junit.xml"

if $native; then
  # The native build against the JIT build: one seed, the same fleet and the same service-point log.
  dotnet build "$repo/src/AmtSim.Cli/AmtSim.Cli.csproj" -c Release -v quiet -nologo
  jit=("dotnet" "$repo/src/AmtSim.Cli/bin/Release/net10.0/amtsim.dll")
  "$work/tools/amtsim" fleet --devices 500 --seed 3 --json > "$work/fleet-native.json"
  "${jit[@]}" fleet --devices 500 --seed 3 --json > "$work/fleet-jit.json"
  cmp "$work/fleet-native.json" "$work/fleet-jit.json"
  "${jit[@]}" run "$work/demo/scenarios/missing-auto-approval.yaml" --seed 5 --work-dir "$work/jit-runs" > /dev/null
  "$work/tools/amtsim" run "$work/demo/scenarios/missing-auto-approval.yaml" --seed 5 --work-dir "$work/native-runs" > /dev/null
  cmp "$work/native-runs/missing-auto-approval/amtopmgr.log" "$work/jit-runs/missing-auto-approval/amtopmgr.log"
fi
# A mistake in a user's file is caught at load, from outside the checkout too (exit 2).
printf 'name: typo\npki: { provisioning-certificate: prov-vaild }\n' > "$work/typo.yaml"
set +e
"$work/tools/amtsim" run "$work/typo.yaml" --work-dir "$work/runs" > "$work/typo.out" 2>&1
code=$?
set -e
if [[ $code -ne 2 ]] || ! grep -q "unknown provisioning certificate 'prov-vaild'" "$work/typo.out"; then
  echo "install-test: a scenario with an unknown fixture should exit 2 naming it; got $code:" >&2
  cat "$work/typo.out" >&2
  exit 1
fi
echo "install-test: ok (packed, installed into a temp tool path ($("$work/tools/amtsim" version)), ran the shipped scenarios from $work)"
