#!/usr/bin/env bash
# Installs (or names) what the tests need besides the .NET SDK, publishes the samples and the conformance runner as
# Native AOT (failing on any trim/AOT warning), then runs every test in the solution.
# Prints one closing line: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")"
bash scripts/prerequisites.sh test || exit 1
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

dotnet build LibreFang.Sidecar.sln -c Release -nologo -clp:NoSummary -v:quiet || exit 1
# Published first: the IRC end-to-end and conformance tests run the Native AOT binaries from artifacts/samples.
status=0
bash samples/publish.sh || status=1
test_run() { dotnet test "$@" -c Release --no-build -nologo --logger "trx" --results-directory "$results" || status=1; }
if [ $# -gt 0 ]; then
  # Arguments (a --filter, say) choose the tests: one run, as given.
  test_run LibreFang.Sidecar.sln "$@"
else
  # The getting-started tutorial (a clean restore, three builds and a Native AOT publish) runs after the rest, alone:
  # on two cores, sharing them with the timing-sensitive process tests would slow both.
  test_run LibreFang.Sidecar.sln --filter "Category!=Tutorial"
  test_run tests/LibreFang.Sidecar.Package.Tests --filter "Category=Tutorial"
fi

passed=0 failed=0 skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  n=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${n:-0}))
done
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "no test ran" >&2
  exit 1
fi
exit "$status"
