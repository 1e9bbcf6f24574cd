#!/usr/bin/env bash
# Builds the Echo sample as a Native AOT binary, drives it through a real session over pipes the way the
# LibreFang supervisor does (--describe, ready, ready_ack, sends, a malformed line, shutdown), then runs the
# conformance runner against it.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/prerequisites.sh demo
bin=artifacts/samples/echo/librefang-echo
# Rebuilt when a source or a build file it depends on (the package's build targets included) is newer.
if [ ! -x "$bin" ] || [ -n "$(find src samples/Echo samples/Directory.Build.* Directory.Build.props Directory.Packages.props -newer "$bin" -not -path '*/obj/*' -not -path '*/bin/*' \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.targets' \) -print -quit)" ]; then
  echo "building the Echo sample as Native AOT (first run: about a minute)…"
  dotnet publish samples/Echo -c Release -r linux-x64 -o artifacts/samples/echo -nologo -v:quiet >/dev/null
fi
echo "binary: $bin ($(( $(stat -c %s "$bin") / 1024 )) KiB)"
echo
echo "\$ $bin --describe"
"$bin" --describe </dev/null
echo

coproc ADAPTER { ECHO_GREETING="echo:" exec "$bin" 2>/dev/null; }
started=$(date +%s%N)
out() { printf '  %6s ms  adapter → %s\n' "$(( ($(date +%s%N) - started) / 1000000 ))" "$1"; }
to_adapter()  { printf '  %6s ms  daemon  → %s\n' "$(( ($(date +%s%N) - started) / 1000000 ))" "$1"; printf '%s\n' "$1" >&"${ADAPTER[1]}"; }
next() { local line; IFS= read -r -t 5 -u "${ADAPTER[0]}" line && out "$line"; }

echo "session (stdin/stdout pipes):"
next
to_adapter '{"method":"ready_ack"}'
to_adapter '{"method":"send","params":{"channel_id":"c1","text":"hello from LibreFang 👋","user":{"platform_id":"c1","display_name":"Alice","librefang_user":null}}}'
next
to_adapter '{"method":"typing","params":{"channel_id":"c1"}}'
to_adapter '{"method":"send","params":{"channel_id":"c1","user":{"platform_id":"c1","display_name":"Alice"}}}'
next
to_adapter '{"method":"send","params":{"channel_id":"c2","text":"still serving","user":{"platform_id":"c2","display_name":"Bob","librefang_user":null}}}'
next
pid=$ADAPTER_PID
to_adapter '{"method":"shutdown"}'
wait "$pid" && code=0 || code=$?
printf '  %6s ms  adapter exited with code %s\n' "$(( ($(date +%s%N) - started) / 1000000 ))" "$code"

echo
echo "conformance runner (every check against fresh processes of the same binary):"
dotnet build conformance/LibreFang.Sidecar.Conformance -c Release -nologo -v:quiet >/dev/null
dotnet conformance/LibreFang.Sidecar.Conformance/bin/Release/net10.0/librefang-sidecar-conformance.dll --profile echo -- "$bin"
