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
for target in "${targets[@]}"; do
  project=${target%%=*}
  out=${target#*=}
  name=$(basename "$out")
  rm -rf "$out"
  log=$(mktemp)
  if ! dotnet publish "$project" -c Release -r linux-x64 -o "$out" -nologo >"$log" 2>&1; then
    echo "samples: publishing $project failed" >&2
    cat "$log" >&2
    status=1
  elif grep -qE 'warning IL[23][0-9]{3}' "$log"; then
    echo "samples: $project has trim/AOT warnings:" >&2
    grep -E 'warning IL[23][0-9]{3}' "$log" | sort -u >&2
    status=1
  elif [ "$(find "$out" -maxdepth 1 -type f | wc -l)" -ne 1 ]; then
    echo "samples: $project published more than one file:" >&2
    ls -l "$out" >&2
    status=1
  else
    binary=$(find "$out" -maxdepth 1 -type f -perm -u+x | head -1)
    stripped=$(mktemp)
    cp "$binary" "$stripped" && strip "$stripped" 2>/dev/null
    printf 'samples: %-11s %s  %s KiB (%s KiB stripped), no trim/AOT warnings\n' "$name" "$binary" \
      "$(( $(stat -c %s "$binary") / 1024 ))" "$(( $(stat -c %s "$stripped") / 1024 ))"
    rm -f "$stripped"
  fi
  rm -f "$log"
done

# The samples call only part of the runtime library, and trimming drops the rest before the AOT compiler sees it.
# Echo is published once more with the whole library rooted: every public API, helpers included, must be AOT-clean.
out=$(mktemp -d)
log=$(mktemp)
if ! dotnet publish samples/Echo -c Release -r linux-x64 -o "$out" -nologo -p:RootSidecarRuntime=true >"$log" 2>&1; then
  echo "samples: publishing Echo with the whole runtime rooted failed" >&2
  cat "$log" >&2
  status=1
elif grep -qE 'warning IL[23][0-9]{3}' "$log"; then
  echo "samples: the runtime library has trim/AOT warnings when rooted whole:" >&2
  grep -E 'warning IL[23][0-9]{3}' "$log" | sort -u >&2
  status=1
else
  printf 'samples: %-11s %s KiB with the whole runtime library rooted (every helper compiled), no trim/AOT warnings\n' "echo+all" \
    "$(( $(stat -c %s "$out/librefang-echo") / 1024 ))"
fi
rm -rf "$out" "$log"
exit $status
