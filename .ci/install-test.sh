#!/usr/bin/env bash
# The tool as a user gets it: pack amtsim, install it into a throw-away tool path from the packed
# folder, and run shipped scenarios from a folder outside the checkout with no AMTSIM_* variable set.
# Fails (non-zero) when any step does. Used by .ci/run; runnable by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/amtsim-install-test.XXXXXX)
trap 'rm -rf "$work"' EXIT

dotnet pack src/AmtSim.Cli/AmtSim.Cli.csproj -c Release -v quiet -nologo -o "$work/nupkg"
# A private package folder: an amtsim of the same version cached by an earlier install must not
# stand in for the one just packed.
NUGET_PACKAGES="$work/packages" dotnet tool install --tool-path "$work/tools" --add-source "$work/nupkg" amtsim

# Outside the checkout, no AMTSIM_* variables: fixtures and examples come from the package.
cd "$work"
for v in $(env | grep -o '^AMTSIM_[A-Z0-9_]*' || true); do unset "$v"; done
"$work/tools/amtsim" version
"$work/tools/amtsim" examples --out "$work/demo"
"$work/tools/amtsim" run "$work/demo/scenarios" --filter 'happy-path' --junit "$work/junit.xml" --report "$work/report.html" --work-dir "$work/runs"
grep -q 'testcase classname="amtsim.core" name="happy-path"' "$work/junit.xml"
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
echo "install-test: ok (packed, installed into a temp tool path, ran a shipped scenario from $work)"
