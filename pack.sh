#!/usr/bin/env bash
# Makes the NuGet packages this repository publishes, into artifacts/packages/, and lists them:
#   LibreFang.Sidecar.<version>.nupkg (+ .snupkg, its symbols)      the SDK a project references
#   LibreFang.Sidecar.Testing.<version>.nupkg (+ .snupkg)           the test kit the template's test project references
#   LibreFang.Sidecar.Hosting.<version>.nupkg (+ .snupkg)           optional: adapters on the generic host
#   LibreFang.Sidecar.Templates.<version>.nupkg                     `dotnet new librefang-sidecar`
#   LibreFang.Sidecar.Conformance.<version>.nupkg (+ .snupkg)       the conformance runner as a `dotnet tool`
# The folder works as a local NuGet feed (docs/getting-started.md, "From this repository").
#
#   ./pack.sh                     the version in Directory.Build.props
#   ./pack.sh --version 0.2.0-dev1   another one. NuGet caches a version once it has restored it, so after changing the
#                                    SDK, pack a new version rather than the same one again.
set -euo pipefail
cd "$(dirname "$0")"
out=artifacts/packages
version_args=()
while [ $# -gt 0 ]; do
  case $1 in
    --version) version_args=("-p:Version=${2:?--version needs a value}"); shift 2 ;;
    *) echo "usage: ./pack.sh [--version X]" >&2; exit 2 ;;
  esac
done

rm -rf "$out"
mkdir -p "$out"
for project in src/LibreFang.Sidecar.Runtime src/LibreFang.Sidecar.Testing src/LibreFang.Sidecar.Hosting templates/LibreFang.Sidecar.Templates conformance/LibreFang.Sidecar.Conformance; do
  echo "pack: $project"
  log=$(mktemp)
  # Packing must be as clean as building: a warning (a missing readme included) fails the script.
  if ! dotnet pack "$project" -c Release -o "$out" -nologo -warnaserror "${version_args[@]}" >"$log" 2>&1 \
     || grep -qiE ': warning |missing a readme' "$log"; then
    cat "$log" >&2
    rm -f "$log"
    echo "pack: $project failed or warned" >&2
    exit 1
  fi
  rm -f "$log"
done

echo "packages in $PWD/$out:"
for package in "$out"/*.nupkg "$out"/*.snupkg; do
  printf '  %-55s %5s KiB\n' "$(basename "$package")" "$(( $(stat -c %s "$package") / 1024 ))"
done
