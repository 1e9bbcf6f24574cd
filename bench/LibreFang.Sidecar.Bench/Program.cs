using System.Diagnostics;
using System.Globalization;
using LibreFang.Sidecar.Bench;

// Usage: LibreFang.Sidecar.Bench --sdk <binary> --baseline <binary> [--rounds N] [--quick]
var options = BenchOptions.Parse(args);
var subjects = new[] { new Subject("sdk", options.Sdk), new Subject("baseline", options.Baseline) };
Console.WriteLine($"# process benchmarks, {options.Rounds} rounds, alternating; medians ({Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd})");
Console.WriteLine();

var table = new ResultTable(subjects);
for (var round = 0; round < options.Rounds; round++)
{
    // Alternate the order each round so neither subject always runs on a warmer machine.
    var order = round % 2 == 0 ? subjects : subjects.Reverse().ToArray();
    foreach (var subject in order)
    {
        table.Add(subject, "startup: spawn -> first ready (ms)", await Sessions.StartupMsAsync(subject));
        table.Add(subject, "shutdown -> exit (ms)", await Sessions.ShutdownMsAsync(subject));
    }
}
foreach (var subject in subjects)
{
    for (var round = 0; round < Math.Max(1, options.Rounds / 3); round++)
    {
        table.Add(subject, "peak RSS, 10 000 sends (MiB)", await Sessions.PeakRssMiBAsync(subject, options.Quick ? 2_000 : 10_000));
    }
}
foreach (var window in new[] { 1, 16, 64, 128 })
{
    for (var round = 0; round < Math.Max(1, options.Rounds / 5); round++)
    {
        foreach (var subject in subjects)
        {
            table.Add(subject, $"answered sends/s, window {window}", await Sessions.ThroughputAsync(subject, window, options.Quick ? 2_000 : 20_000), higherIsBetter: true);
        }
    }
}
for (var round = 0; round < Math.Max(1, options.Rounds / 5); round++)
{
    foreach (var subject in subjects)
    {
        var (delivered, seconds) = await Sessions.FloodAsync(subject, options.Quick ? 10_000 : 100_000);
        table.Add(subject, $"flood: answers delivered of {(options.Quick ? 10_000 : 100_000)}", delivered, higherIsBetter: true);
        table.Add(subject, "flood: time to last answer (s)", seconds);
    }
}
foreach (var subject in subjects)
{
    table.Add(subject, "binary size, stripped (KiB)", Sessions.StrippedSizeKiB(subject));
}

table.Print(Console.Out);
return 0;

namespace LibreFang.Sidecar.Bench
{
    internal sealed record Subject(string Name, string Path);

    internal sealed record BenchOptions(string Sdk, string Baseline, int Rounds, bool Quick)
    {
        public static BenchOptions Parse(string[] args)
        {
            string? sdk = null, baseline = null;
            var rounds = 15;
            var quick = false;
            for (var i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--sdk": sdk = args[++i]; break;
                    case "--baseline": baseline = args[++i]; break;
                    case "--rounds": rounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--quick": quick = true; break;
                    default: throw new ArgumentException("unknown option " + args[i]);
                }
            }
            if (sdk is null || baseline is null)
            {
                throw new ArgumentException("usage: --sdk <binary> --baseline <binary> [--rounds N] [--quick]");
            }
            return new(Path.GetFullPath(sdk), Path.GetFullPath(baseline), rounds, quick);
        }
    }

    internal sealed class ResultTable(IReadOnlyList<Subject> subjects)
    {
        private readonly List<string> _metrics = [];
        private readonly Dictionary<(string Metric, string Subject), List<double>> _samples = [];
        private readonly HashSet<string> _higherIsBetter = [];

        public void Add(Subject subject, string metric, double value, bool higherIsBetter = false)
        {
            if (!_metrics.Contains(metric))
            {
                _metrics.Add(metric);
            }
            if (higherIsBetter)
            {
                _higherIsBetter.Add(metric);
            }
            if (!_samples.TryGetValue((metric, subject.Name), out var list))
            {
                _samples[(metric, subject.Name)] = list = [];
            }
            list.Add(value);
        }

        public void Print(TextWriter output)
        {
            output.WriteLine($"| metric | {string.Join(" | ", subjects.Select(s => s.Name))} | sdk / baseline |");
            output.WriteLine($"| --- |{string.Concat(Enumerable.Repeat(" ---: |", subjects.Count))} ---: |");
            foreach (var metric in _metrics)
            {
                var medians = subjects.Select(s => Median(_samples[(metric, s.Name)])).ToArray();
                var ratio = medians[1] == 0 ? double.NaN : medians[0] / medians[1];
                output.WriteLine($"| {metric} | {string.Join(" | ", medians.Select(Format))} | {ratio.ToString("0.00", CultureInfo.InvariantCulture)}x |");
            }
            output.WriteLine();
            output.WriteLine("Ratios above 1 mean the SDK needs more (time, memory, bytes) or, for throughput and delivery, achieves more.");
        }

        private static double Median(List<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }

        private static string Format(double value) => value.ToString(value >= 100 ? "0" : value >= 1 ? "0.0" : "0.000", CultureInfo.InvariantCulture);
    }
}
