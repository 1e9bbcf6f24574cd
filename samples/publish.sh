#!/usr/bin/env bash
# Publishes every sample as a Native AOT single-file binary into artifacts/samples/<name>/, and the conformance runner
# into artifacts/conformance/; fails on any trim or AOT warning (IL2xxx/IL3xxx) or on anything but one file in an
# output, and prints each binary's size.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
targets=()
for project in samples/*/*.csproj; do
  targets+=("$project=artifacts/samples/$(basename "$(dirname "$project")" | tr '[:upper:]' '[:lower:]')")
done
targets+=("conformance/LibreFang.Sidecar.Conformance/LibreFang.Sidecar.Conformance.csproj=artifacts/conformance")
# publish_clean <label> <project> <output> [extra publish arguments...]: publishes one Native AOT binary and fails on
# a failed publish, on any trim/AOT warning, or on anything but one file in the output; prints the binary's size.
publish_clean() {
  local label=$1 project=$2 out=$3
  shift 3
  local log binary stripped
  rm -rf "$out"
  log=$(mktemp)
  if ! dotnet publish "$project" -c Release -r linux-x64 -o "$out" -nologo "$@" >"$log" 2>&1; then
    echo "samples: publishing $label ($project) failed" >&2
    cat "$log" >&2
    status=1
  elif grep -qE 'warning IL[23][0-9]{3}' "$log"; then
    echo "samples: $label ($project) has trim/AOT warnings:" >&2
    grep -E 'warning IL[23][0-9]{3}' "$log" | sort -u >&2
    status=1
  elif [ "$(find "$out" -maxdepth 1 -type f | wc -l)" -ne 1 ]; then
    echo "samples: $label ($project) published more than one file:" >&2
    ls -l "$out" >&2
    status=1
  else
    binary=$(find "$out" -maxdepth 1 -type f -perm -u+x | head -1)
    stripped=$(mktemp)
    cp "$binary" "$stripped" && strip "$stripped" 2>/dev/null
    printf 'samples: %-11s %s  %s KiB (%s KiB stripped), no trim/AOT warnings\n' "$label" "$binary" \
      "$(( $(stat -c %s "$binary") / 1024 ))" "$(( $(stat -c %s "$stripped") / 1024 ))"
    rm -f "$stripped"
  fi
  rm -f "$log"
}

for target in "${targets[@]}"; do
  out=${target#*=}
  publish_clean "$(basename "$out")" "${target%%=*}" "$out"
done

# The samples call only part of the runtime library, and trimming drops the rest before the AOT compiler sees it.
# Echo is published once more with the whole library rooted: every public API, helpers included, must be AOT-clean.
rooted=$(mktemp -d)
publish_clean "echo+all" samples/Echo "$rooted/echo" -p:RootSidecarRuntime=true
rm -rf "$rooted"
exit $status
