#!/usr/bin/env bash
# Reproduces the figures in bench/README.md on this machine:
#   1. process benchmarks: the Echo sample vs a no-SDK baseline, both Native AOT, alternating rounds, medians, ratios;
#   2. the generator's cost on 200 adapters + 2 000 types, cold and incremental;
#   3. with --micro, BenchmarkDotNet micro-benchmarks (parsing, writing, generated dispatch; several minutes).
# Benchmarks print figures; they never fail on a timing.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-15}
out=artifacts/bench
mkdir -p "$out"

echo "publishing Echo and the baseline as Native AOT…"
dotnet publish samples/Echo -c Release -r linux-x64 -o "$out/echo" -nologo -v:quiet >/dev/null
dotnet publish bench/Baseline -c Release -r linux-x64 -o "$out/baseline" -nologo -v:quiet >/dev/null
dotnet build bench/LibreFang.Sidecar.Bench -c Release -nologo -v:quiet >/dev/null
dotnet build bench/LibreFang.Sidecar.GeneratorBench -c Release -nologo -v:quiet >/dev/null

echo
dotnet bench/LibreFang.Sidecar.Bench/bin/Release/net10.0/LibreFang.Sidecar.Bench.dll --sdk "$out/echo/librefang-echo" --baseline "$out/baseline/Baseline" --rounds "$rounds"
echo
dotnet bench/LibreFang.Sidecar.GeneratorBench/bin/Release/net10.0/LibreFang.Sidecar.GeneratorBench.dll "$rounds"

if [ "${1:-}" = "--micro" ]; then
  echo
  dotnet run -c Release --project bench/LibreFang.Sidecar.Benchmarks -- --filter '*' --join
fi
