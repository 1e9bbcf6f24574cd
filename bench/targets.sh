#!/usr/bin/env bash
# The figures behind issue 22's targets, from several separate runs so the noise between runs is visible.
# Runs the process bench (Echo vs the no-SDK baseline) and the generator bench RUNS times each, alternating, collects
# every `target: NAME = VALUE` line they print and prints one markdown table: a row per target, a column per run, the
# median over the runs and the issue's target.
#
#   bench/targets.sh [--runs N] [--rounds N] [--sdk BINARY] [--baseline BINARY] [--no-generator]
#
# Without --sdk / --baseline, Echo and the baseline are published as Native AOT first (about two minutes). The raw
# output of every run is kept in artifacts/bench/targets/. Figures never fail the script; a bench that crashes does
# (after the table, which then shows "–" for that run).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=5
rounds=5
sdk=
baseline=
generator=1
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --sdk) sdk=$2; shift 2 ;;
    --baseline) baseline=$2; shift 2 ;;
    --no-generator) generator=0; shift ;;
    *) echo "usage: $0 [--runs N] [--rounds N] [--sdk BINARY] [--baseline BINARY] [--no-generator]" >&2; exit 2 ;;
  esac
done

out=artifacts/bench
logs=$out/targets
rm -rf "$logs"
mkdir -p "$logs"

if [ -z "$sdk" ]; then
  echo "publishing Echo as Native AOT…" >&2
  dotnet publish samples/Echo -c Release -r linux-x64 -o "$out/echo" -nologo -v:quiet >/dev/null
  sdk=$out/echo/librefang-echo
fi
if [ -z "$baseline" ]; then
  echo "publishing the baseline as Native AOT…" >&2
  dotnet publish bench/Baseline -c Release -r linux-x64 -o "$out/baseline" -nologo -v:quiet >/dev/null
  baseline=$out/baseline/Baseline
fi
dotnet build bench/LibreFang.Sidecar.Bench -c Release -nologo -v:quiet >/dev/null
if [ "$generator" = 1 ]; then
  dotnet build bench/LibreFang.Sidecar.GeneratorBench -c Release -nologo -v:quiet >/dev/null
fi

failed=0
for run in $(seq 1 "$runs"); do
  echo "run $run of $runs: process bench ($rounds rounds)…" >&2
  if ! dotnet bench/LibreFang.Sidecar.Bench/bin/Release/net10.0/LibreFang.Sidecar.Bench.dll \
      --sdk "$sdk" --baseline "$baseline" --rounds "$rounds" >"$logs/process-$run.txt" 2>&1; then
    echo "  the process bench failed; see $logs/process-$run.txt" >&2
    failed=1
  fi
  if [ "$generator" = 1 ]; then
    echo "run $run of $runs: generator bench ($rounds rounds)…" >&2
    if ! dotnet bench/LibreFang.Sidecar.GeneratorBench/bin/Release/net10.0/LibreFang.Sidecar.GeneratorBench.dll \
        "$rounds" >"$logs/generator-$run.txt" 2>&1; then
      echo "  the generator bench failed; see $logs/generator-$run.txt" >&2
      failed=1
    fi
  fi
done

# One "RUN<TAB>NAME<TAB>VALUE" line per target line of every run, in the order the benches print them.
for run in $(seq 1 "$runs"); do
  for log in "$logs/process-$run.txt" "$logs/generator-$run.txt"; do
    [ -f "$log" ] || continue
    sed -n 's/^target: \(.*\) = \(.*\)$/\1\t\2/p' "$log" | sed "s/^/$run\t/"
  done
done >"$logs/targets.tsv"

echo
echo "Issue 22's targets, $runs separate runs of $rounds rounds each ($(nproc) cores, $(date -u +%Y-%m-%d)); a ratio is SDK/baseline unless the name says otherwise:"
echo
awk -F '\t' -v runs="$runs" '
  # The issue'"'"'s target per figure: the text shown, and for a checkable one the comparison and the bound.
  BEGIN {
    goal["peak RSS 10k sends 2MiB gen0"] = "≤ 1.15x";        op["peak RSS 10k sends 2MiB gen0"] = "<=";  bound["peak RSS 10k sends 2MiB gen0"] = 1.15
    goal["peak RSS 100k sends 2MiB gen0"] = "≤ 1.15x";       op["peak RSS 100k sends 2MiB gen0"] = "<="; bound["peak RSS 100k sends 2MiB gen0"] = 1.15
    goal["CPU per send window 1"] = "≤ 1.5x";                op["CPU per send window 1"] = "<=";         bound["CPU per send window 1"] = 1.5
    goal["sends/s window 64"] = "≥ 0.9x (median of 5 runs)"; op["sends/s window 64"] = ">=";             bound["sends/s window 64"] = 0.9
    goal["binary size stripped"] = "≤ 2000 KiB";             op["binary size stripped"] = "<=";          bound["binary size stripped"] = 2000
    goal["generator incremental / FAWMN floor"] = "≤ 2x";    op["generator incremental / FAWMN floor"] = "<="; bound["generator incremental / FAWMN floor"] = 2
    goal["generator + analyzers own time per edit"] = "≤ 20 ms"; op["generator + analyzers own time per edit"] = "<="; bound["generator + analyzers own time per edit"] = 20
    goal["anonymous memory 10k sends 2MiB gen0"] = "proposed: ≤ 1.15x";  op["anonymous memory 10k sends 2MiB gen0"] = "<=";  bound["anonymous memory 10k sends 2MiB gen0"] = 1.15
    goal["anonymous memory 100k sends 2MiB gen0"] = "proposed: ≤ 1.15x"; op["anonymous memory 100k sends 2MiB gen0"] = "<="; bound["anonymous memory 100k sends 2MiB gen0"] = 1.15
    goal["startup"] = "keep (1.07x)"
    goal["flood delivered"] = "keep (100%)";                 op["flood delivered"] = ">=";               bound["flood delivered"] = 100
  }
  {
    if (!($2 in seen)) { seen[$2] = 1; order[++names] = $2 }
    value[$2, $1] = $3
  }
  END {
    header = "| target |"; rule = "| --- |"
    for (r = 1; r <= runs; r++) { header = header " run " r " |"; rule = rule " ---: |" }
    print header " median | issue target | median meets it |"
    print rule " ---: | --- | --- |"
    for (i = 1; i <= names; i++) {
      name = order[i]; line = "| " name " |"; n = 0; decimals = 0; unit = ""
      for (r = 1; r <= runs; r++) {
        v = ((name, r) in value) ? value[name, r] : ""
        line = line " " (v == "" ? "–" : v) " |"
        if (v == "" || !match(v, /^-?[0-9]+(\.[0-9]+)?/)) continue
        number = substr(v, 1, RLENGTH)
        unit = substr(v, RLENGTH + 1)
        dot = index(number, ".")
        if (dot > 0 && length(number) - dot > decimals) decimals = length(number) - dot
        sample[++n] = number + 0
      }
      median = "–"; verdict = "–"
      if (n > 0) {
        # Insertion sort: a handful of runs.
        for (a = 2; a <= n; a++) { x = sample[a]; for (b = a - 1; b >= 1 && sample[b] > x; b--) sample[b + 1] = sample[b]; sample[b + 1] = x }
        m = (n % 2) ? sample[(n + 1) / 2] : (sample[n / 2] + sample[n / 2 + 1]) / 2
        median = sprintf("%." decimals "f", m) unit
        if (name in op) verdict = (op[name] == "<=" ? m <= bound[name] : m >= bound[name]) ? "yes" : "no"
      }
      print line " " median " | " ((name in goal) ? goal[name] : "–") " | " verdict " |"
    }
    if (names == 0) print "| (no target lines in any run) |"
  }
' "$logs/targets.tsv"
echo
echo "raw output: $logs/"
exit "$failed"
